"""Making PDFs with WeasyPrint: rendering, fitting the type, finishing, profiles and previews."""
