#!/usr/bin/env bash
# The generator in real builds: for each model, a consumer project with the model and the same project without it
# (the class stays, the attributes go). Prints a Markdown table of
#  - Csc: the compiler task's time in `dotnet build` (a fresh compiler process per build, as on this machine),
#  - generator: the generator's own time reported by the compiler (/reportanalyzer),
#  - peak memory of the compiler process,
#  - server rebuild: the generator's time on a second build with the compiler server on (the memo reuses the analysis),
# each the median of N builds after a warm-up build. Usage: benchmarks/generator-build.sh [N] [MODEL...]; models are the
# dense rows below by name, or the files in benchmarks/models (ResNet, ResidualMlp20, Transformer4) by name.
set -euo pipefail
N=${1:-3}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"; dotnet build-server shutdown >/dev/null 2>&1 || true' EXIT

model() { # name widths activation bias
  local name=$1 widths=$2 act=$3 bias=$4
  IFS=',' read -ra w <<< "$widths"
  echo "using ConservationCodegen;"
  echo "[ConservationModel] public partial class $name {"
  for ((k = 1; k < ${#w[@]}; k++)); do
    local a="" b=""
    if ((k < ${#w[@]} - 1)) && [[ $act == relu ]]; then a=", Activation = Activation.ReLU"; fi
    if [[ $bias == bias ]]; then b=", Bias = nameof(B$k)"; fi
    echo "  [Dense(${w[k-1]}, ${w[k]}$a$b)] public double[,] W$k = new double[${w[k]}, ${w[k-1]}];"
    if [[ $bias == bias ]]; then echo "  public double[] B$k = new double[${w[k]}];"; fi
  done
  echo "}"
}

project() { # dir
  mkdir -p "$1"
  cat > "$1/app.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$ROOT/src/Runtime/ConservationCodegen.Runtime.csproj" />
    <ProjectReference Include="$ROOT/src/Generator/ConservationCodegen.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
    <ProjectReference Include="$ROOT/src/Engine/ConservationCodegen.Engine.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
EOF
  echo 'System.Console.WriteLine("ok");' > "$1/Program.cs"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

csc_ms() { # dir -> Csc task ms of one incremental build (a source edit forces the compile)
  echo "// $RANDOM" >> "$1/Program.cs"
  dotnet build "$1" -c Release -clp:PerformanceSummary -p:UseSharedCompilation=false 2>&1 | awk '$3 == "Csc" {print $1}' | head -1
}

generator_s() { # dir server(true|false) -> generator seconds reported by the compiler
  echo "// $RANDOM" >> "$1/Program.cs"
  dotnet build "$1" -c Release -v:d -p:ReportAnalyzer=true -p:UseSharedCompilation=$2 2>&1 \
    | awk '/ConservationCodegen.Generator, Version/ {print $1; exit}'
}

peak_kb() { # dir -> peak RSS of one compiler process running the recorded command line
  local rsp="$1/csc.rsp"
  if [[ ! -f $rsp ]]; then
    echo "// $RANDOM" >> "$1/Program.cs"
    dotnet build "$1" -c Release -v:n -p:UseSharedCompilation=false 2>&1 | grep -m1 'bincore/csc /noconfig' \
      | sed 's|^ *[^ ]*/bincore/csc ||; s| /out:[^ ]*| /out:'"$1"'/peak.dll|; s| /refout:[^ ]*||; s| /generatedfilesout:[^ ]*||' > "$rsp"
  fi
  local csc; csc="$(dotnet --list-sdks | tail -1 | sed 's/^\([^ ]*\) \[\(.*\)\]$/\2\/\1/')/Roslyn/bincore/csc.dll"
  (cd "$1" && /usr/bin/time -f "%M" dotnet "$csc" @"$rsp" >/dev/null 2>"$1/time.txt" || true)
  tail -1 "$1/time.txt"
}

echo "| model | D | Csc with (ms) | Csc without (ms) | added (ms) | generator, fresh compiler (s) | generator, server rebuild (s) | compiler peak with / without (MB) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
shift || true
ONLY=" $* "
while read -r name widths act bias; do
  [[ $ONLY == "  " || $ONLY == *" $name "* ]] || continue
  with="$WORK/$name-with"; without="$WORK/$name-without"
  project "$with"; project "$without"
  if [[ $widths == file ]]; then cp "$ROOT/benchmarks/models/$name.cs" "$with/Model.cs"
  else model "$name" "$widths" "$act" "$bias" > "$with/Model.cs"; fi
  # The same classes without the attributes (InputShape's `new[] { … }` holds brackets: match up to ")]").
  perl -pe 's/\[ConservationModel(\(.*?\))?\] ?//; s/\[(Dense|Conv1d|Conv2d|Diagonal|SelfAttention)\(.*?\)\] ?//' "$with/Model.cs" > "$without/Model.cs"
  dotnet build "$with" -c Release >/dev/null 2>&1; dotnet build "$without" -c Release >/dev/null 2>&1
  a=$(for i in $(seq "$N"); do csc_ms "$with"; done | median)
  b=$(for i in $(seq "$N"); do csc_ms "$without"; done | median)
  g=$(for i in $(seq "$N"); do generator_s "$with" false; done | median)
  generator_s "$with" true >/dev/null   # the server's first build analyses the model
  s=$(for i in $(seq "$N"); do generator_s "$with" true; done | median)
  dotnet build-server shutdown >/dev/null 2>&1 || true
  pa=$(peak_kb "$with"); pb=$(peak_kb "$without")
  if [[ $widths == file ]]; then d=$bias
  else d=$(python3 -c "w='$widths'.split(','); b='$bias'=='bias'; print(sum(int(w[k-1])*int(w[k])+(int(w[k]) if b else 0) for k in range(1,len(w))))"); fi
  label="$act $widths${bias:+ }${bias/nobias/}"; [[ $widths == file ]] && label="$name (benchmarks/models)"
  echo "| $label | $d | $a | $b | $((a - b)) | $g | $s | $((pa / 1024)) / $((pb / 1024)) |"
done <<'EOF'
Mnist 784,128,10 relu bias
Mlp3 784,512,256,10 relu bias
Deep 64,256,256,256,256,256,256,256,256,256,256,10 relu bias
Pair 512,512,512 linear nobias
Million 1000,1000,10 relu bias
ResNet file conv 19978
ResidualMlp20 file residual 2634250
Transformer4 file attention 790528
EOF
