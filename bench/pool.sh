# The worker pool sizes (full mode of bench/run.sh, sourced): did_create "DID already exists" and
# cc_by_cli top-ups through morapi's nginx with 2, 4, 8 and 16 workers, rounds interleaved across
# sizes (2,4,8,16,2,4,...), 3 s x 3 rounds. Prints a markdown table of the medians.
pool_table() {
  local sizes=(2 4 8 16) round n seconds=3
  for round in 1 2 3; do
    for n in "${sizes[@]}"; do
      start_morapi "$n"
      wrk_run "$dir/pool.out" "$port_m" "$u/did_exists" 200 'DID already exists'
      echo "$(field "$dir/pool.out" rps) $(field "$dir/pool.out" p99)" >>"$dir/pool.did.$n"
      wrk_run "$dir/pool.out" "$port_m" "$u/topup" 200 '<status>ok</status>'
      echo "$(field "$dir/pool.out" rps) $(field "$dir/pool.out" p99)" >>"$dir/pool.cc.$n"
      stop_morapi
    done
  done
  echo "| workers | did_create (exists) req/s | p99 ms | cc_by_cli top-up req/s | p99 ms |"
  echo "| ---: | ---: | ---: | ---: | ---: |"
  for n in "${sizes[@]}"; do
    echo "| $n | $(median $(awk '{ print $1 }' "$dir/pool.did.$n")) | $(median $(awk '{ print $2 }' "$dir/pool.did.$n")) | $(median $(awk '{ print $1 }' "$dir/pool.cc.$n")) | $(median $(awk '{ print $2 }' "$dir/pool.cc.$n")) |"
  done
  echo >&2 "  pool sizes done"
}
