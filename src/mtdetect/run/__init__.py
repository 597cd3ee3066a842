"""Documents driven through scoring into a writer: one process, --jobs workers, batch records and Dask."""
