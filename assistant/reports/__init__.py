"""Reports: specs, periods, numbers by SQL, narrative, rendering, storage and guarded analytics SQL."""
