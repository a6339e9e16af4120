# Sourced by the GPU check scripts: unpacks .devrun/ (tools/gpu/pack.sh) and points TorchSharp at the machine's
# own PyTorch libraries (libtorch_cuda.so and friends) through LD_LIBRARY_PATH.
TL=$(python3 -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
python3 -c 'import torch;print("torch", torch.__version__, "cuda", torch.version.cuda)'
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
mkdir -p /tmp/dn .devrun/app
tar xJf .devrun/dotnet.tar.xz -C /tmp/dn && tar xJf .devrun/aspnet.tar.xz -C /tmp/dn
tar xJf .devrun/app.tar.xz -C .devrun/app --strip-components=1
export DOTNET_ROOT=/tmp/dn DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 LD_LIBRARY_PATH=$TL
