# Sourced by scripts/bench-map and scripts/bench-dashboard: makes $store (the hongkou-scale district
# + N cases replicated from its generated ones, as bench-http makes them) in $WORK with $bin, or
# reuses it when $WORK/store.ok says it was made with the same N and SEED.
if [ -f "$WORK/store.ok" ] && [ "$(cat "$WORK/store.ok")" = "$N $SEED" ]; then
    echo "reusing $store ($N cases, seed $SEED)"
else
    rm -rf "$WORK/district" "$store" "$store"-wal "$store"-shm "$WORK/store.ok"
    t=$(date +%s.%N)
    "$bin" generate --scale hongkou --seed "$SEED" --out "$WORK/district" --format shp
    d=$WORK/district
    ogr2ogr -f CSV -lco GEOMETRY=AS_XY "$WORK/cases-generated.csv" "$d/cases.shp"
    box=$(ogrinfo -so -al "$d/grids.shp" | sed -n 's/^Extent: (\([^,]*\), \([^)]*\)) - (\([^,]*\), \([^)]*\))/\1,\2,\3,\4/p')
    python3 scripts/bench_http/replicate_cases.py "$WORK/cases-generated.csv" "$d/cases.history.csv" "$N" "$SEED" "$box" \
        "$WORK/cases-xy.csv" "$WORK/cases.history.csv"
    rm -f "$d"/cases.{shp,shx,dbf,prj,cpg}
    ogr2ogr -f "ESRI Shapefile" -a_srs EPSG:4549 -lco ENCODING=UTF-8 -oo X_POSSIBLE_NAMES=X -oo Y_POSSIBLE_NAMES=Y \
        -oo KEEP_GEOM_COLUMNS=NO "$d/cases.shp" "$WORK/cases-xy.csv"
    mv "$WORK/cases.history.csv" "$d/cases.history.csv"
    rm -f "$WORK/cases-xy.csv" "$WORK/cases-xy.csvt" "$WORK/cases-generated.csv"
    "$bin" load "$d" --store "$store"
    echo "generated and loaded (hongkou + $N cases) in $(seconds_since "$t") s"
    echo "$N $SEED" >"$WORK/store.ok"
fi
