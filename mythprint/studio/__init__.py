"""The studio: a local web app where a partnership fills in its kit, previews it and downloads
its whole pack (`mythprint serve`)."""
