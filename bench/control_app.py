"""The load bench's control: a minimal Flask app whose one route renders a Jinja template of 50
items with no database, served exactly like Curbside (gunicorn, 2 sync workers). Its requests/s
are the practical ceiling for a Flask page on this machine.

    gunicorn -c gunicorn.conf.py --pythonpath bench control_app:app
"""
from datetime import datetime, timedelta

from flask import Flask, render_template
from jinja2 import DictLoader

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<header><h1>{{ title }}</h1><p>{{ items|length }} threads</p></header>
<main>
<table class="thread-list">
  <thead><tr><th>Thread</th><th>Author</th><th>Replies</th><th>Last activity</th></tr></thead>
  <tbody>
  {% for item in items %}
    <tr class="{{ loop.cycle('odd', 'even') }}">
      <td><a href="/t/{{ item.id }}">{{ item.title }}</a>{% if item.clinical %} <span class="tag">Clinical case</span>{% endif %}</td>
      <td><a href="/members/{{ item.handle }}">{{ item.author }}</a></td>
      <td>{{ item.replies }}</td>
      <td><time datetime="{{ item.when.isoformat() }}">{{ item.when.strftime("%d %b %Y, %H:%M UTC") }}</time></td>
    </tr>
  {% endfor %}
  </tbody>
</table>
</main>
</body>
</html>
"""

_START = datetime(2026, 11, 1, 9, 30)
ITEMS = [{"id": n, "title": f"Falling sodium after an SSRI, case {n}: stop, switch or restrict fluids?",
          "clinical": n % 3 != 0, "handle": f"member.{n}", "author": f"Member <{n}> & Co",
          "replies": n * 7 % 41, "when": _START - timedelta(hours=n * 5)} for n in range(1, 51)]

app = Flask(__name__)
app.jinja_loader = DictLoader({"page.html": PAGE})


@app.route("/")
def page():
    return render_template("page.html", title="Control: 50 items", items=ITEMS)
