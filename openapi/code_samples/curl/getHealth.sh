curl "https://api.finos.com/healthz"
