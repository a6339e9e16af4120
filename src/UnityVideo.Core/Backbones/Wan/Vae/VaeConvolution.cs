using TorchSharp;
using UnityVideo.Core.Native;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// Where the VAE's convolutions run: on the CPU a bf16 convolution computes in fp32 (on the bf16-rounded input and
/// weights) and returns bf16, because oneDNN's AVX-512 bf16 path returned wrong values on an AMD Zen 5 CPU
/// (docs/decisions.md, "bf16 convolutions on the CPU"), and its input is laid out channels-last (<see cref="CpuConvolution"/>).
/// Elsewhere it runs as it is.
/// </summary>
internal static class VaeConvolution
{
    /// <summary><paramref name="convolve"/>(x, weight, bias), in fp32 when <paramref name="x"/> is bf16 on the CPU.</summary>
    public static Tensor Run(Tensor x, Tensor weight, Tensor? bias, Func<Tensor, Tensor, Tensor?, Tensor> convolve)
    {
        if (x.device_type != DeviceType.CPU) return convolve(x, weight, bias);
        // Channels-last input on the CPU (CpuConvolution), the result back in the usual layout for the views that follow.
        return x.dtype == bfloat16
            ? convolve(CpuConvolution.Input(x.to(float32)), weight.to(float32), bias?.to(float32)).to(bfloat16).contiguous()
            : convolve(CpuConvolution.Input(x), weight, bias).contiguous();
    }
}
