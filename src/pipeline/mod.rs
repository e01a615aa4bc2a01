//! The per-file pipeline the commands share: which engine checks which file (`plan`), bytes in
//! and the reader for them (`read`), and one file through reading, the rules, suppressions and
//! the fix loop to its outcome (`file`). `check` prints the outcomes batch by batch; `report`
//! aggregates them.

mod file;
mod plan;
mod read;

pub(crate) use file::{Checked, FileContext};
pub(crate) use plan::{build_pool, resolver, stdin_dir, Batch, Prepared};
pub(crate) use read::stdin_name;

/// One file's bytes through the whole pipeline, as `gwlint check ARGS -` takes them from
/// standard input (name them with `--stdin-filename` to pick the reader): the file's report, or
/// why it could not be checked. For the fuzz targets and other callers of the library.
pub fn check_bytes(
    args: &[&str],
    bytes: &[u8],
) -> Result<crate::output::FileReport, crate::output::FileError> {
    let usage = |error: String| crate::output::FileError {
        path: "-".into(),
        error,
    };
    let mut argv = args.to_vec();
    argv.push("-");
    let args = crate::cli::check_args_from(&argv).map_err(usage)?;
    let batch = Batch::plan(&args).map_err(usage)?;
    let Some((input, pi)) = batch.jobs.first() else {
        return Err(usage(
            batch
                .errors
                .first()
                .map_or_else(|| "没有可检查的输入".into(), |e| e.error.clone()),
        ));
    };
    let ctx = FileContext::for_check(&args, None, Some(bytes));
    ctx.check(input, &batch.prepared[*pi]).map(|c| c.report)
}

#[cfg(test)]
mod tests {
    #[test]
    fn bytes_go_through_the_pipeline_with_the_reader_their_name_picks() {
        let report = super::check_bytes(&["--stdin-filename", "a.txt"], "比如:细化".as_bytes())
            .expect("checked");
        assert_eq!(report.path, "a.txt");
        assert!(report
            .diagnostics
            .iter()
            .any(|d| d.rule() == "punctuation/halfwidth-in-cjk"));
        let refused = super::check_bytes(&["--stdin-filename", "a.docx"], b"not a zip");
        assert!(refused.is_err_and(|e| e.path == "a.docx" && !e.error.is_empty()));
    }
}
