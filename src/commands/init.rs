//! `gwlint init`: a starter `.gwlint.yaml` and, when the folder has none, a
//! `.pre-commit-config.yaml` whose hook installs the gwlint wheel.

use std::path::PathBuf;

use crate::cli::InitArgs;
use crate::config::{starter, FILE_NAME};

const PRE_COMMIT_FILE: &str = ".pre-commit-config.yaml";

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
        eprintln!(
            "gwlint: 无法写入 {}：{}",
            path.display(),
            crate::messages::io_error(&e)
        );
        return 2;
    }
    println!("已写入 {}（各项都有注释，按需取消注释）。", path.display());
    println!();
    let hook = starter::pre_commit();
    let hook_path = dir.join(PRE_COMMIT_FILE);
    if hook_path.exists() {
        println!(
            "{} 已存在，未改动。要在提交时自动检查，把下面几行并入其中，再运行 pre-commit install：",
            hook_path.display()
        );
        println!();
        print!("{hook}");
        return 0;
    }
    if let Err(e) = std::fs::write(&hook_path, &hook) {
        eprintln!(
            "gwlint: 无法写入 {}：{}",
            hook_path.display(),
            crate::messages::io_error(&e)
        );
        return 2;
    }
    println!(
        "已写入 {}：提交时检查暂存的文稿，有“错误”级问题时阻止提交。",
        hook_path.display()
    );
    println!("启用：pip install pre-commit，然后在仓库里运行 pre-commit install。");
    println!("钩子用 pip 安装 gwlint 的 wheel，不需要 Rust；内网用法见该文件开头的注释。");
    0
}
