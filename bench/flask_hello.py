# The original hand-built service, for comparison only: GET /hello -> "Hello world".
from flask import Flask

app = Flask(__name__)


@app.get("/hello")
def hello():
    return "Hello world", 200, {"Content-Type": "text/plain"}
