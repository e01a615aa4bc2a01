//! `gwlint init`: a starter `.gwlint.yaml` and the pre-commit snippet.

use std::path::PathBuf;

use crate::cli::InitArgs;
use crate::config::{starter, FILE_NAME};

pub fn run(args: &InitArgs) -> u8 {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let path = dir.join(FILE_NAME);
    if path.exists() && !args.force {
        eprintln!(
            "gwlint: {} 已存在，未覆盖（要覆盖请加 --force）",
            path.display()
        );
        return 2;
    }
    if let Err(e) = std::fs::write(&path, starter::CONFIG) {
        eprintln!("gwlint: 无法写入 {}：{e}", path.display());
        return 2;
    }
    println!("已写入 {}（各项都有注释，按需取消注释）。", path.display());
    println!();
    println!("要在提交时自动检查，把下面几行加入仓库的 .pre-commit-config.yaml，再运行 pre-commit install");
    println!("（repo 换成本单位使用的 gwlint 仓库地址，rev 换成其中的版本标签）：");
    println!();
    print!("{}", starter::PRE_COMMIT);
    0
}
