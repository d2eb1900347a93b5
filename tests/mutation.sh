#!/usr/bin/env bash
# Mutation testing of the rule code and the plan model with Stryker.NET (stryker-config.json holds the shared
# settings). Stryker changes the code one small piece at a time (a '<' into '<=', a string into "", a deleted
# statement) and runs the tests that cover that piece; a mutant the tests do not notice "survives".
#
#   tests/mutation.sh           the full run (about an hour on 2 shared cores): src/AgentSpec.Core (Checks/, Model/) and
#                               src/AgentSpec.Model, against tests/AgentSpec.Core.Tests. Writes the score of every
#                               file into docs/testing.md and fails when a survivor is not listed there with a reason
#                               or when Checks/ or the model scores below 90%.
#   tests/mutation.sh --smoke   one small file (NetworkModes.cs), a few mutants: checks that the tool installs and
#                               runs and that its report is read; writes nothing in the repository (test.sh runs it).
#   tests/mutation.sh --file PATH...
#                               only these source files (e.g. src/AgentSpec.Core/Checks/TextRules.cs), one Stryker run
#                               each, reports kept under artifacts/mutation/; prints their scores and unlisted survivors.
#   tests/mutation.sh --report  rewrites docs/testing.md from every report under artifacts/mutation/ (after --file runs).
#   MUTATION_QUICK=1 tests/mutation.sh ...
#                               also leaves out the fuzz tests and the many-groups test (their fast variants too): about
#                               three times faster on a busy machine; the score is then a lower bound.
#
# What is left out, and why (docs/testing.md says the same):
#   - tests marked [Trait("Speed", "Slow")] (the 16,000-case fuzz run and the 20,000-group file); each has a fast
#     variant, [Trait("Speed", "FastVariant")], that checks the same properties on fewer cases and does run.
#   - src/AgentSpec.Model/IsExternalInit.cs (compiler attributes) and EquatableArray.cs/EquatableArray{T}.cs (a collection helper outside the
#     issue's scope of Checks/ and Model/).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

mode=full
files=()
case "${1:-}" in
  --smoke) mode=smoke ;;
  --report) mode=report ;;
  --file)
    mode=file
    shift
    files=("$@")
    [ ${#files[@]} -gt 0 ] || { echo "usage: tests/mutation.sh --file src/AgentSpec.Core/Checks/TextRules.cs [more files]" >&2; exit 2; }
    for f in "${files[@]}"; do
      [ -f "$f" ] || { echo "mutation: no such file '$f' (give paths from the repository root)" >&2; exit 2; }
    done
    ;;
  "") ;;
  -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
  *) echo "usage: tests/mutation.sh [--smoke | --file PATH... | --report]" >&2; exit 2 ;;
esac

root=$(pwd)
tools="$root/artifacts/tools"
out="$root/artifacts/mutation"
threshold=90

# The tool, pinned; installed into artifacts/tools (not on PATH, not global).
if [ ! -x "$tools/dotnet-stryker" ] || ! "$tools/dotnet-stryker" --version 2>/dev/null | grep -q '5\.1\.0'; then
  dotnet tool install --tool-path "$tools" dotnet-stryker --version 5.1.0 >/dev/null 2>&1 \
    || dotnet tool update --tool-path "$tools" dotnet-stryker --version 5.1.0
fi
if ! command -v jq >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y jq >/dev/null 2>&1 \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y jq; }
fi

# run NAME PROJECT GLOB...: one Stryker run over one source project, report in $out/NAME/reports/mutation-report.json.
run() {
  local name=$1 project=$2
  shift 2
  local args=()
  for glob in "$@"; do args+=(--mutate "$glob"); done
  rm -rf "${out:?}/$name"
  mkdir -p "$out/$name"
  echo "mutation: $name ($project: $*)"
  if [ "${MUTATION_QUICK:-}" = 1 ]; then
    args+=(--test-case-filter "Speed!=Slow&FullyQualifiedName!~FuzzTests&FullyQualifiedName!~Many_groups")
  fi
  (cd tests/AgentSpec.Core.Tests && "$tools/dotnet-stryker" --config-file "$root/stryker-config.json" \
    --project "$project" "${args[@]}" --output "$out/$name" --skip-version-check) >"$out/$name.log" 2>&1 \
    || { tail -n 40 "$out/$name.log"; echo "mutation: Stryker failed on $name (log: $out/$name.log)" >&2; exit 1; }
  local report="$out/$name/reports/mutation-report.json"
  [ -s "$report" ] || { tail -n 40 "$out/$name.log"; echo "mutation: no report from Stryker for $name ($report)" >&2; exit 1; }
}

# The model is its own project since issue 10; before that it lived in Core's Model/ folder.
model_project=AgentSpec.Model.csproj
[ -f src/AgentSpec.Model/AgentSpec.Model.csproj ] || model_project=""

case $mode in
  smoke)
    run smoke "${model_project:-AgentSpec.Core.csproj}" "**/NetworkModes.cs"
    reports=("$out/smoke/reports/mutation-report.json")
    ;;
  full)
    rm -rf "${out:?}"/file-*
    run core AgentSpec.Core.csproj "**/Checks/**/*.cs" "**/Model/**/*.cs"
    reports=("$out/core/reports/mutation-report.json")
    if [ -n "$model_project" ]; then
      run model "$model_project" "**/*.cs" "!**/IsExternalInit.cs" "!**/EquatableArray*.cs" "!**/obj/**"
      reports+=("$out/model/reports/mutation-report.json")
    fi
    ;;
  file)
    # One Stryker run per project (each run builds and starts the tests once, which costs a minute or two).
    reports=()
    core_globs=()
    model_globs=()
    for f in "${files[@]}"; do
      case $f in
        src/AgentSpec.Model/*) model_globs+=("**/$(basename "$f")") ;;
        *) core_globs+=("**/${f#src/AgentSpec.Core/}") ;;
      esac
    done
    if [ ${#core_globs[@]} -gt 0 ]; then
      name="file-core-$(basename "${core_globs[0]}" .cs)"
      run "$name" AgentSpec.Core.csproj "${core_globs[@]}"
      reports+=("$out/$name/reports/mutation-report.json")
    fi
    if [ ${#model_globs[@]} -gt 0 ]; then
      name="file-model-$(basename "${model_globs[0]}" .cs)"
      run "$name" "$model_project" "${model_globs[@]}"
      reports+=("$out/$name/reports/mutation-report.json")
    fi
    ;;
  report)
    # Oldest first: when two reports hold the same file, the newer one counts (see below).
    mapfile -t reports < <(ls -tr "$out"/*/reports/mutation-report.json 2>/dev/null | grep -v '/smoke/')
    [ ${#reports[@]} -gt 0 ] || { echo "mutation: no reports under $out; run tests/mutation.sh or --file first" >&2; exit 1; }
    ;;
esac

# One line per mutant: file (repository-relative) TAB line TAB status TAB mutator TAB replacement (one line).
# A file mutated in several reports (a --file run after a full one) is taken from the last report that has it.
mutants="$out/mutants.tsv"
for i in "${!reports[@]}"; do
  jq -r --arg root "$root/" --arg run "$((i + 1))" '
    .files | to_entries[]
    | (.key | ltrimstr($root) | if test("^/") and test("/src/") then "src/" + (split("/src/") | .[1:] | join("/src/")) else . end) as $file
    | select(any(.value.mutants[]; .status == "Killed" or .status == "Survived" or .status == "NoCoverage" or .status == "Timeout"))
    | .value.mutants[]
    | [$run, $file, (.location.start.line | tostring), .status, .mutatorName,
       (.replacement // "" | gsub("[\\t\\n\\r]+"; " ") | gsub("  +"; " "))] | @tsv' "${reports[$i]}"
done | awk -F'\t' -v OFS='\t' '{ run[NR] = $1; file[NR] = $2; line[NR] = $0; if ($1 > last[$2]) last[$2] = $1 }
  END { for (i = 1; i <= NR; i++) if (run[i] == last[file[i]]) { sub(/^[^\t]*\t/, "", line[i]); print line[i] } }' >"$mutants"

# Scores: detected (Killed, Timeout) over valid (those plus Survived and NoCoverage); compile errors and
# ignored mutants are not valid mutants.
scores="$out/scores.md"
awk -F'\t' -v threshold="$threshold" '
  function area(f) { return f ~ /\/Checks\// ? "Checks/" : "model" }
  $3 == "Killed" || $3 == "Timeout" { k[$1]++; ka[area($1)]++; files[$1] = 1; areas[area($1)] = 1 }
  $3 == "Survived" { s[$1]++; sa[area($1)]++; files[$1] = 1; areas[area($1)] = 1 }
  $3 == "NoCoverage" { n[$1]++; na[area($1)]++; files[$1] = 1; areas[area($1)] = 1 }
  function pct(d, v) { return v == 0 ? "n/a" : sprintf("%.1f%%", 100 * d / v) }
  END {
    print "| file | killed | survived | no coverage | score |"
    print "|---|---:|---:|---:|---:|"
    cmd = "sort"
    for (f in files) print "| `" f "` | " k[f] + 0 " | " s[f] + 0 " | " n[f] + 0 " | " pct(k[f], k[f] + s[f] + n[f]) " |" | cmd
    close(cmd)
    for (a in areas) {
      v = ka[a] + sa[a] + na[a]
      printf "| **%s total** | %d | %d | %d | **%s** |\n", a, ka[a] + 0, sa[a] + 0, na[a] + 0, pct(ka[a], v)
      if (100 * ka[a] / v < threshold) low = low " " a
    }
    if (low != "") print "BELOW:" low > "/dev/stderr"
  }' "$mutants" >"$scores" 2>"$out/below.txt"

survivors=$(awk -F'\t' '$3 == "Survived" || $3 == "NoCoverage"' "$mutants" | wc -l)
total=$(wc -l <"$mutants")
echo "mutation: $total mutants, $survivors not detected"
cat "$scores"

if [ "$mode" = smoke ]; then
  # The smoke checks the pipeline, not the score: mutants were made, tested and read back.
  tested=$(awk -F'\t' '$3 == "Killed" || $3 == "Survived" || $3 == "Timeout" || $3 == "NoCoverage"' "$mutants" | wc -l)
  [ "$tested" -gt 0 ] || { echo "mutation smoke: the report holds no tested mutant" >&2; exit 1; }
  grep -q 'NetworkModes.cs' "$scores" || { echo "mutation smoke: NetworkModes.cs has no score row" >&2; exit 1; }
  echo "mutation smoke: OK ($tested mutants tested)"
  exit 0
fi

# docs/testing.md: the generated score table goes between the markers (full and --report runs); the survivor list
# is written by hand.
doc=docs/testing.md
if [ "$mode" != file ]; then
  awk -v scores="$scores" '
    /<!-- mutation-scores:begin -->/ { print; while ((getline line < scores) > 0) print line; skip = 1; next }
    /<!-- mutation-scores:end -->/ { skip = 0 }
    !skip' "$doc" >"$doc.tmp"
  mv "$doc.tmp" "$doc"
fi

# Every survivor must be listed in docs/testing.md: a table row "| `file` | mutator | `replacement` | judged | why |".
listed="$out/listed.tsv"
# A '|' inside a cell is written '\|'; it is set aside before the row is split on '|'.
sed 's/\\|/\x01/g' "$doc" | awk -F'|' '/<!-- survivors:begin -->/ { on = 1; next } /<!-- survivors:end -->/ { on = 0 }
  on && NF >= 6 && $2 ~ /`/ {
    for (i = 2; i <= 4; i++) { gsub(/^ *`?|`? *$/, "", $i) }
    print $2 "\t" $3 "\t" $4 }' | tr '\001' '|' >"$listed"
unlisted=$(awk -F'\t' 'FILENAME == ARGV[1] { seen[$1 "\t" $2 "\t" $3] = 1; next }
  ($3 == "Survived" || $3 == "NoCoverage") && !seen[$1 "\t" $4 "\t" $5] { print "  " $1 ":" $2 " " $4 ": " $5 }' "$listed" "$mutants")
status=0
if [ -n "$unlisted" ]; then
  echo "mutation: survivors not listed in $doc (kill them with a test, or list them with the reason they cannot be):" >&2
  echo "$unlisted" >&2
  status=1
fi
if [ "$mode" != file ] && [ -s "$out/below.txt" ]; then
  echo "mutation: score below $threshold% in:$(sed 's/^BELOW://' "$out/below.txt")" >&2
  status=1
fi
exit $status
