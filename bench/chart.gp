# bench/run.sh's chart: each row's ratio as a bar, its target as a red marker.
# gnuplot -e "data='FILE'; out='PNG'; subtitle='...'" bench/chart.gp
# FILE: index "label" ratio target. Memory rows are MiB against their limit, the rest ratios.
set terminal pngcairo size 1400,700 font "sans,10"
set output out
set title "morapi vs baselines (".subtitle.")"
set style fill solid 0.6 border -1
set boxwidth 0.6
set xtics rotate by -45 left noenhanced
set ylabel "ratio (MiB for RSS rows)"
set logscale y
set grid ytics
set key top left
set bmargin 10
plot data using 1:3:xtic(2) with boxes lc rgb "#4477aa" title "measured", \
     data using 1:4 with points pt 9 ps 2 lc rgb "#cc3311" title "target", \
     data using 1:3:(sprintf("%.2f", $3)) with labels offset 0,0.7 notitle
