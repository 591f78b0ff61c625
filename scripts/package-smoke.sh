#!/usr/bin/env bash
# Packs the ConservationCodegen package and builds + runs a fresh consumer that references it from a local
# folder source: proves lib/ (runtime) and analyzers/dotnet/cs (generator, analyzers) work for a real user.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="0.1.0-smoke.$(date +%s)"   # unique, so no stale copy in the global package cache is used

dotnet pack "$repo/src/Runtime" -c Release -o "$work/feed" -p:Version="$version" --nologo -v quiet
dotnet pack "$repo/src/Training" -c Release -o "$work/feed" -p:Version="$version" --nologo -v quiet
# Every diagnostic's help page and the mathematics travel with the package, for offline reading.
pages="$(unzip -l "$work/feed/ConservationCodegen.$version.nupkg")"
for page in docs/mathematics.md $(cd "$repo" && ls docs/diagnostics/*.md); do
  grep -q " $page\$" <<<"$pages" || { echo "package lacks $page"; exit 1; }
done
# The generator loads the engine from its own folder.
for dll in Generator Engine Analyzers CodeFixes; do
  grep -q " analyzers/dotnet/cs/ConservationCodegen.$dll.dll\$" <<<"$pages" || { echo "package lacks ConservationCodegen.$dll.dll"; exit 1; }
done
mkdir -p "$work/consumer"
cat > "$work/consumer/nuget.config" <<XML
<configuration><packageSources><add key="local" value="$work/feed" /></packageSources></configuration>
XML
cat > "$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors></PropertyGroup>
  <ItemGroup><PackageReference Include="ConservationCodegen" Version="$version" />
    <PackageReference Include="ConservationCodegen.Training" Version="$version" /></ItemGroup>
</Project>
XML
cat > "$work/consumer/Program.cs" <<'CS'
using ConservationCodegen;

var net = new Net();
for (int r = 0; r < 4; r++) for (int c = 0; c < 3; c++) net.W1[r, c] = 0.1 * (r + 1) - 0.05 * c;
for (int o = 0; o < 2; o++) for (int r = 0; r < 4; r++) net.W2[o, r] = 0.2 * o - 0.1 * r;
var q = net.ComputeConservedQuantities();
System.Console.WriteLine($"consumer: D={Net.ParameterCount} laws={Net.PolynomialLawCount} complete={Net.LawsAreComplete} Hidden1[0]={q.Hidden1[0]:R}");

// The training package: generated gradient, SGD under the monitor.
var theta = new double[Net.ParameterCount];
net.CopyParametersTo(theta);
var gradient = new double[theta.Length];
var monitor = new ConservationCodegen.Training.ConservationMonitor(net, new ConservationCodegen.Training.Sgd(0.1));
for (int step = 0; step < 10; step++)
{
    Net.ComputeLossAndGradient(theta, new double[] { 1, 2, 3 }, new double[] { 0.5, -0.5 }, 1, Loss.MeanSquaredError, gradient);
    monitor.Step(theta, gradient);
}
System.Console.Write(monitor.Summary());
return Net.PolynomialLawCount == 4 && Net.LawsAreComplete && monitor.ViolationCount == 0 && monitor.StepCount == 10 ? 0 : 1;

[ConservationModel]
public partial class Net
{
    [Dense(3, 4, Activation = Activation.ReLU, Bias = nameof(B1))]
    public double[,] W1 = new double[4, 3];
    public double[] B1 = new double[4];

    [Dense(4, 2)]
    public double[,] W2 = new double[2, 4];
}
CS
dotnet run --project "$work/consumer" -c Release --nologo

# The command line as the README publishes it (ReadyToRun), on an MNIST-sized model.
dotnet publish "$repo/src/Cli" -c Release -r linux-x64 -o "$work/cli" --nologo -v quiet
"$work/cli/conservation-laws" analyze --layers 784,128,10 --activation relu --bias --json > "$work/cli.json"
grep -q '"certificate": "theorem:path-incidence"' "$work/cli.json"
grep -q '"independentLawCount": 128' "$work/cli.json"
echo "package smoke test passed ($version)"
