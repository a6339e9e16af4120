using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Native;

/// <summary>
/// On the CPU, libtorch 2.10's fp32 convolutions (2-D and 3-D) return wrong values, NaN at times, for a contiguous
/// input of two or more clips with more than 16 channels that are not a multiple of 16; the same convolution of a
/// channels-last input is right (found on this project's AMD EPYC; docs/decisions.md, "CPU convolutions"). Every
/// convolution of the project's models hands its input over through <see cref="Input"/>.
/// </summary>
public static class CpuConvolution
{
    /// <summary>
    /// <paramref name="input"/> (<c>[B, C, H, W]</c> or <c>[B, C, T, H, W]</c>) laid out channels-last on the CPU, where
    /// the convolution computes right; as it is on other devices. The values and shape are unchanged.
    /// </summary>
    public static Tensor Input(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.device_type != DeviceType.CPU) return input;
        return input.dim() switch
        {
            4 => input.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2),
            5 => input.permute(0, 2, 3, 4, 1).contiguous().permute(0, 4, 1, 2, 3),
            _ => input,
        };
    }
}
