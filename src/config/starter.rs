//! `gwlint init`: a commented starter `.gwlint.yaml` and the pre-commit snippet.

/// Every key, commented out at its default, so the file explains itself.
pub const CONFIG: &str = r#"# gwlint 配置文件。gwlint 从被检查的文件所在目录向上查找 .gwlint.yaml，离文件最近的生效。
# 所有键都可省略；省略时用注释里的默认值。写错的键名会报错并指出行号。

# 继承另一个配置文件（相对于本文件）；本文件写了的键覆盖它，severity 逐条合并。
# extend: ../.gwlint.yaml

# 是否加载内置规则包（placeholder、punctuation、number、wording）。
# default_rules: true

# 本单位的规则包：YAML 文件或目录，相对于本文件。
# packs:
#   - 规则/本单位用语.yaml

# 只启用这些规则（规则 id、类别或规则包）；不写则全部启用。
# select: [placeholder, punctuation, number, wording]

# 停用这些规则。
# ignore:
#   - wording/usage-style

# 调整级别：error（必须改）、warning（请人判断）、info（建议）或 off（不查）。
# 键可以是规则 id、类别或规则包，越具体越优先。
# severity:
#   punctuation/dunhao-between-quoted: warning
#   wording/caution-style: off

# 不检查的文件：通配模式，相对于本文件所在目录；不含“/”的模式匹配任意层级的文件名或目录名。
# exclude:
#   - 归档/**
#   - "*.模板.txt"

# 达到哪一级的问题使退出码为 1（提交钩子据此拦截）：error、warning、info 或 never。
# fail_on: error

# 按哪一天判断（文中没有写年份时，用它的年份核对星期）；不写则按文中日期。
# as_of: 2024-06-30

# gwlint report 统计“各单位情况”时，把发文字号的代字、署名的简称归到一个单位（内置国务院、中办等的对照表，
# 见 data/units.yaml；同一个键以这里为准）。
# units:
#   某政办发: 某某市人民政府办公室
#   某政办函: 某某市人民政府办公室
"#;

/// `.pre-commit-config.yaml` for a document repository. A `local` hook that pip-installs the
/// gwlint wheel of this very version (`language: python`, as ruff-pre-commit does): no Rust
/// toolchain, no hook repository to reach, and it installs in seconds. `verbose` shows
/// warnings even when the hook passes.
pub fn pre_commit() -> String {
    format!(
        r#"# gwlint 提交前检查（https://pre-commit.com）：pip install pre-commit 后运行 pre-commit install。
# pre-commit 用 pip 安装 gwlint {version} 的 wheel（不需要 Rust）：从 PyPI 或本单位的镜像
# （pip.conf 的 index-url），或从存放 wheel 文件的目录——运行前设环境变量
# PIP_FIND_LINKS=该目录；完全离线时再设 PIP_NO_INDEX=1，并在目录里放一份 setuptools 的 wheel
# （pip download setuptools -d 该目录）。
repos:
  - repo: local
    hooks:
      - id: gwlint
        name: gwlint 公文检查
        entry: gwlint check --quiet
        language: python
        additional_dependencies: ["gwlint=={version}"]
        files: '\.(txt|md|markdown|docx)$'
        # 没有拦截提交时也显示警告
        verbose: true
"#,
        version = env!("CARGO_PKG_VERSION")
    )
}
