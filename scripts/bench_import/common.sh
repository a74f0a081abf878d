# Sourced by scripts/bench-import and scripts/bench-import-pg: the same storefronts for both, and
# one way of measuring a command.

make_shops() {  # N WORK: WORK/shops.shp, N seeded storefronts in WGS84 (GDAL writes the shapefile)
    local n=$1 work=$2
    echo "making $n storefronts in $work (seed 20261129)"
    python3 scripts/bench_import/storefronts.py "$n" "$work/shops.csv"
    rm -f "$work"/shops.{shp,shx,dbf,prj,cpg}
    ogr2ogr -f "ESRI Shapefile" -a_srs EPSG:4326 -lco ENCODING=UTF-8 -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
        -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES "$work/shops.shp" "$work/shops.csv"
    ls -l "$work"/shops.shp "$work"/shops.dbf
}

measure() {  # label, command...: wall seconds and peak RSS from /usr/bin/time -v (of the largest
             # process in a pipeline run through bash -c; a database server's own is not counted)
    local label=$1; shift
    /usr/bin/time -v "$@" >"$WORK/$label.out" 2>"$WORK/$label.time" || { cat "$WORK/$label.out" "$WORK/$label.time"; exit 1; }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$WORK/$label.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$WORK/$label.time")
    echo "$label $wall $rss"
}
