# Summary of bench/workers.sh: reads its result lines
#   ROUND WORKERS MIXED_RPS MIXED_P50 MIXED_P99 COLD_RPS COLD_P50 COLD_P99 COLD_MAX PRIVATE/RSS/DB_SESSION (KiB)
# (latencies in ms, "-" where no request was answered) and prints a markdown table of the
# medians per pool size; each ratio is the median of the rounds' own ratios to the first size
# (the same round, minutes apart at most), and "spread" is (max - min) / median of the mixed
# rate across rounds: how noisy the machine was.
# Variables: first (the size the ratios compare with), seconds, rounds, conn, cards, hot, cold.

function median(list,    n, a, i, j, t) {
  n = split(list, a, " ")
  if (n == 0) return "-"
  for (i = 2; i <= n; i++) {
    t = a[i] + 0
    for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]
    a[j + 1] = t
  }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function extreme(list, want_max,    n, a, i, m) {
  n = split(list, a, " ")
  m = a[1] + 0
  for (i = 2; i <= n; i++) if (want_max ? a[i] + 0 > m : a[i] + 0 < m) m = a[i] + 0
  return m
}
function add(key, value) { if (value != "-") values[key] = values[key] " " value }
# A latency median only where most rounds answered at all.
function latency(key) {
  return split(values[key], unused, " ") * 2 > rounds ? ms(median(values[key])) : "-"
}
function ms(x) { return sprintf(x >= 100 ? "%.0f" : "%.1f", x) }
function fmt(x, digits) { return x == "-" ? "-" : sprintf("%." digits "f", x) }

{
  round = $1; n = $2
  if (!(n in seen)) { seen[n] = 1; sizes[++size_count] = n }
  rate[round, n] = $3; cold_rate[round, n] = $6
  add(n "mixed", $3); add(n "p50", $4); add(n "p99", $5)
  add(n "cold", $6); add(n "cold50", $7); add(n "cold99", $8); add(n "coldmax", $9)
  split($10, mem, "/"); add(n "private", mem[1]); add(n "rss", mem[2]); add(n "session", mem[3])
  rounds_seen[round] = 1
}

END {
  for (r in rounds_seen) {
    for (i = 1; i <= size_count; i++) {
      n = sizes[i]
      if (rate[r, first] > 0) add(n "ratio", rate[r, n] / rate[r, first])
      if (cold_rate[r, first] > 0) add(n "cold_ratio", cold_rate[r, n] / cold_rate[r, first])
    }
  }
  printf "\nwrk -t1 -d%ss, %s rounds interleaved; mixed: %s clients over %s cards; row held: %s clients on the held card, %s on the others\n\n", seconds, rounds, conn, cards, hot, cold
  print "| workers | mixed req/s | × " first " workers | p50 ms | p99 ms | spread | row held: other cards req/s | × " first " workers | p50 ms | p99 ms | max ms | one worker: private / RSS / MariaDB session |"
  print "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for (i = 1; i <= size_count; i++) {
    n = sizes[i]
    m = median(values[n "mixed"])
    spread = m > 0 ? sprintf("%.0f %%", 100 * (extreme(values[n "mixed"], 1) - extreme(values[n "mixed"], 0)) / m) : "-"
    printf "| %s | %.0f | %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %.1f / %.1f / %.1f MB |\n", n, m,
      fmt(median(values[n "ratio"]), 2), latency(n "p50"), latency(n "p99"), spread,
      median(values[n "cold"]), fmt(median(values[n "cold_ratio"]), 2), latency(n "cold50"),
      latency(n "cold99"), latency(n "coldmax"), median(values[n "private"]) / 1024, median(values[n "rss"]) / 1024, median(values[n "session"]) / 1024
  }
}
