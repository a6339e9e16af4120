#!/usr/bin/env bash
# Packs what the CUDA checks need into .devrun/ (git-ignored), for a GPU machine that has PyTorch but neither the
# .NET runtime nor TorchSharp's CUDA packages: the .NET runtime (with ASP.NET Core, which the CLI links), the CLI and
# the benchmark harness without libtorch (the machine's own PyTorch libraries stand in for it, see README "GPU"),
# and, when WAN is set to a Wan2.1 checkout, its wan/modules for tools/wan_goldens/dit_step_reference.py.
# Usage: tools/gpu/pack.sh            (then carry .devrun and artifacts/plugins to the GPU machine)
#        LEAN=1 tools/gpu/pack.sh     (no benchmark harness and no ImageMagick, so no GIFs: train there, evaluate the
#                                      models here; keeps the call under the 64 MiB the GPU tool carries, now that
#                                      models/reference travels too)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build src/UnityVideo.Cli/UnityVideo.Cli.csproj -c Release -nologo -v q
touch artifacts/.cli-build-stamp
[[ -z "${LEAN:-}" ]] && dotnet build bench/UnityVideo.Bench -c Release -nologo -v q
mkdir -p .devrun
dn="$(dirname "$(readlink -f "$(command -v dotnet)")")"
(cd "$dn" && tar cf - dotnet host shared/Microsoft.NETCore.App | xz -T0 -6 > "$root/.devrun/dotnet.tar.xz")
(cd "$dn" && tar cf - shared/Microsoft.AspNetCore.App | xz -T0 -6 > "$root/.devrun/aspnet.tar.xz")
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cli=src/UnityVideo.Cli/bin/Release/net10.0
bench=bench/UnityVideo.Bench/bin/Release/net10.0
mkdir "$stage/app"
cp "$cli"/*.dll "$cli"/unityvideo.runtimeconfig.json "$stage/app/"
[[ -z "${LEAN:-}" ]] && cp -n "$bench"/*.dll "$bench"/UnityVideo.Bench.runtimeconfig.json "$stage/app/"
# Native libraries other than libtorch; OpenCV's (113 MB) stays behind: without it the Farnebäck baseline is skipped.
natives=(libLibTorchSharp.so libSkiaSharp.so libHarfBuzzSharp.so)
[[ -z "${LEAN:-}" ]] && natives+=(Magick.Native-Q8-x64.dll.so)
for n in "${natives[@]}"; do
  cp "$cli/runtimes/linux-x64/native/$n" "$stage/app/"
done
(cd "$stage" && tar cf - app | xz -T0 -6 > "$root/.devrun/app.tar.xz")
if [[ -n "${WAN:-}" ]]; then
  mkdir -p .devrun/wan/wan/modules
  cp "$WAN/wan/modules/model.py" "$WAN/wan/modules/attention.py" .devrun/wan/wan/modules/
fi
du -sh .devrun
