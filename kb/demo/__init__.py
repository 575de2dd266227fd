"""The demo sector: build fictional care organisations' websites, serve them on 127.0.0.1,
and run the whole pipeline on them (`kb demo`). Content lives in data/demo/."""
