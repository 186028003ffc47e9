"""The wrk Lua scripts of bench/load_forum.py, written into the run directory.

Every script ends with a done() hook that prints one line, `BENCHJSON {...}`, with requests,
duration, errors and the 50/75/90/95/99th percentile latencies (wrk's own --latency table has
no 95th). The reply script also counts its 2xx/3xx answers and the post numbers their Location
headers announce, so the load script can check each acknowledged reply against the database.
"""
import json

DONE = r"""
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

local function percentiles(latency)
  local out = {}
  for _, p in ipairs({50, 75, 90, 95, 99, 99.9}) do
    out[#out + 1] = string.format('"%s": %.3f', tostring(p), latency:percentile(p) / 1000.0)
  end
  return "{" .. table.concat(out, ", ") .. "}"
end

local function extra()
  return ""
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_s": %.3f, "bytes": %d, "errors": {"connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d}, "latency_ms": %s, "mean_ms": %.3f, "max_ms": %.3f%s}\n',
    summary.requests, summary.duration / 1e6, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, percentiles(latency), latency.mean / 1000.0, latency.max / 1000.0, extra()))
end
"""

READ = r"""
wrk.headers["Cookie"] = COOKIE
wrk.headers["User-Agent"] = USER_AGENT
"""

REPLY = r"""
wrk.method = "POST"
wrk.headers["Cookie"] = COOKIE
wrk.headers["User-Agent"] = USER_AGENT
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

local counter = 0
ok = 0
bad = 0
acked = ""
badcodes = ""

request = function()
  counter = counter + 1
  -- A fresh one-time submission key per reply, as the composer makes one per form shown.
  local key = string.format("%s%02dx%07d", RUN_TAG, tid or 0, counter)
  -- Each body ends with its own number: the forum refuses the same words from the same member
  -- in the same thread within minutes as a repeat (the Back button, then Post).
  local body = FORM_PREFIX .. "&submission_key=" .. key .. "&body=" .. BODIES[(counter % #BODIES) + 1]
    .. "+%28follow-up+" .. RUN_TAG .. "-" .. (tid or 0) .. "-" .. counter .. "%29"
  return wrk.format(nil, PATH, nil, body)
end

response = function(status, headers, body)
  if status >= 200 and status < 400 then
    ok = ok + 1
    local location = headers["Location"] or headers["location"] or ""
    local number = string.match(location, "#post%-(%d+)")
    acked = acked .. (number or "?") .. ","
  else
    bad = bad + 1
    badcodes = badcodes .. status .. ","
  end
end

extra = function()
  local total_ok, total_bad, numbers, codes = 0, 0, {}, {}
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_bad = total_bad + thread:get("bad")
    numbers[#numbers + 1] = thread:get("acked")
    codes[#codes + 1] = thread:get("badcodes")
  end
  return string.format(', "ok": %d, "bad": %d, "acked_numbers": "%s", "bad_codes": "%s"',
                       total_ok, total_bad, table.concat(numbers, ""), table.concat(codes, ""))
end
"""


def lua_string(value: str) -> str:
    """A Lua string literal (JSON escapes are valid Lua for the ASCII we pass)."""
    return json.dumps(value, ensure_ascii=True)


def read_script(cookie: str, user_agent: str) -> str:
    head = f"COOKIE = {lua_string(cookie)}\nUSER_AGENT = {lua_string(user_agent)}\n"
    return head + READ + DONE


def reply_script(cookie, user_agent, path, form_prefix, bodies, run_tag) -> str:
    table = ",\n  ".join(lua_string(body) for body in bodies)
    head = (f"COOKIE = {lua_string(cookie)}\nUSER_AGENT = {lua_string(user_agent)}\n"
            f"PATH = {lua_string(path)}\nFORM_PREFIX = {lua_string(form_prefix)}\n"
            f"RUN_TAG = {lua_string(run_tag)}\nBODIES = {{\n  {table}\n}}\n")
    # The reply part redefines extra() after DONE declared it, so it must come second.
    return head + DONE.replace("local function extra()", "function extra()") + REPLY
