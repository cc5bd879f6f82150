-- wrk script: counter receipts, POST /api/v1/dossiers as a logged-in receiving officer.
-- BENCH_TOKEN: bearer token; BENCH_BODY: file with the JSON body; BENCH_NONCE: run id. Each
-- request carries a unique Idempotency-Key "<nonce>-<thread>-<counter>", so none is a replay.
local token, nonce, body
local counter = 0
local next_id = 0

function setup(thread)
   next_id = next_id + 1
   thread:set("tid", next_id)
end

function init(args)
   token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
   nonce = os.getenv("BENCH_NONCE") or error("BENCH_NONCE is not set")
   local f = assert(io.open(os.getenv("BENCH_BODY") or error("BENCH_BODY is not set"), "rb"))
   body = f:read("*a")
   f:close()
end

function request()
   counter = counter + 1
   return wrk.format("POST", "/api/v1/dossiers", {
      ["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/json",
      ["Idempotency-Key"] = nonce .. "-" .. tid .. "-" .. counter,
   }, body)
end
