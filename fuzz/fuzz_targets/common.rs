// Shared by the fuzz targets: one engine with every built-in pack, built once.
use std::sync::LazyLock;

pub static ENGINE: LazyLock<gwlint::engine::Engine> = LazyLock::new(|| {
    gwlint::engine::Engine::new(
        gwlint::rules::load_builtin()
            .expect("built-in packs load")
            .into_iter()
            .flat_map(|p| p.rules)
            .collect(),
    )
});

/// Every diagnostic points inside the document, on character boundaries.
pub fn assert_inside(doc: &gwlint::document::Document, diags: &[gwlint::finding::Diagnostic]) {
    for d in diags {
        let (s, e) = (d.src_range.0 as usize, d.src_range.1 as usize);
        assert!(s <= e && e <= doc.source.len(), "{d:?}");
        assert!(
            doc.source.is_char_boundary(s) && doc.source.is_char_boundary(e),
            "{d:?}"
        );
        assert!(d.line as usize <= doc.line_count(), "{d:?}");
    }
}
