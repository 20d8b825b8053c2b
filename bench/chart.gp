# bench/run.sh's chart: each row's ratio (morapi / its baseline) as a bar, green when its target
# is met and red when not, the target as a black marker.
#   gnuplot -e "data='FILE'; out='PNG'; subtitle='...'" bench/chart.gp
# FILE: index "label" ratio target met(0/1), one row a line.
set terminal pngcairo size 1500,800 font "sans,10"
set output out
set title "morapi / baseline, per path (".subtitle.")"
set style fill solid 0.7 border -1
set boxwidth 0.6
set xtics rotate by -40 left noenhanced
set ylabel "ratio (higher is better, except calling\\_cards\\_create times)"
set yrange [0:*]
set offsets 0.5, 0.5, 0.15, 0
set grid ytics
set key top right
set bmargin 14
set rmargin 12
plot data using 1:3:($5 > 0.5 ? 0x33aa55 : 0xcc3311):xtic(2) with boxes lc rgb variable title "measured", \
     data using 1:4 with points pt 7 ps 1.6 lc rgb "black" title "target", \
     data using 1:3:(sprintf("%.2f", $3)) with labels offset 0,0.8 notitle
