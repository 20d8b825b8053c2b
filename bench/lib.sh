# Shared by the bench/ scripts (sourced): a private MariaDB in a directory, and the demo
# database. Expects $root (the checkout) and $dir (a temporary directory).

# start_mariadb: installs and starts a private server on $dir/db.sock; sets db_pid and sql.
start_mariadb() {
  mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
    --skip-test-db --user=root >/dev/null 2>&1
  mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/db.sock" --skip-networking \
    --user=root --pid-file="$dir/db.pid" >"$dir/db.log" 2>&1 &
  db_pid=$!
  sql=(mariadb --socket="$dir/db.sock" -uroot)
  for _ in $(seq 300); do "${sql[@]}" -e 'SELECT 1' >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "MariaDB did not start: $(tail -5 "$dir/db.log")" >&2
  return 1
}

# fresh_database NAME: NAME recreated from sql/schema.sql and sql/demo.sql.
fresh_database() {
  "${sql[@]}" -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4"
  "${sql[@]}" "$1" <"$root/sql/schema.sql"
  "${sql[@]}" "$1" <"$root/sql/demo.sql"
}
