using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// Where the VAE's convolutions run: on the CPU a bf16 convolution computes in fp32 (on the bf16-rounded input and
/// weights) and returns bf16, because oneDNN's AVX-512 bf16 path returned wrong values on an AMD Zen 5 CPU
/// (docs/decisions.md, "bf16 convolutions on the CPU"). Elsewhere it runs as it is.
/// </summary>
internal static class VaeConvolution
{
    /// <summary><paramref name="convolve"/>(x, weight, bias), in fp32 when <paramref name="x"/> is bf16 on the CPU.</summary>
    public static Tensor Run(Tensor x, Tensor weight, Tensor? bias, Func<Tensor, Tensor, Tensor?, Tensor> convolve) =>
        x.dtype == bfloat16 && x.device_type == DeviceType.CPU
            ? convolve(x.to(float32), weight.to(float32), bias?.to(float32)).to(bfloat16)
            : convolve(x, weight, bias);
}
