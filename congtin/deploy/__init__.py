"""How congtin is served: nginx configurations from deploy/nginx/ and the preparation of the
production stack that scripts/serve.sh runs. The top layer: it may know every app, and no
app imports it."""
