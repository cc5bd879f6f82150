-- wrk script: public tracking lookups, GET /api/v1/tracking/<code> for random codes taken from
-- the file named by BENCH_CODES (one code per line, written by load.py).
local codes = {}
local next_id = 0

function setup(thread)
   next_id = next_id + 1
   thread:set("tid", next_id)
end

function init(args)
   local path = os.getenv("BENCH_CODES") or error("BENCH_CODES is not set")
   for line in io.lines(path) do
      if #line > 0 then codes[#codes + 1] = line end
   end
   if #codes == 0 then error("no codes in " .. path) end
   math.randomseed(7919 * (tid or 1))
end

function request()
   return wrk.format("GET", "/api/v1/tracking/" .. codes[math.random(#codes)])
end
