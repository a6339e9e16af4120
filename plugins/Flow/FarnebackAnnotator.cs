using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Flow;

/// <summary>
/// Classical optical flow for real footage: Farnebäck's polynomial-expansion method (OpenCV) on grey frames.
/// Frame t gets the forward flow t → t+1; the last frame has no successor and repeats the flow of the frame
/// before it (a one-frame clip gets zero flow), so the output has the stored shape <c>[T, H, W, 2]</c> like the
/// ground truth. OpenCV's native library loads on the first call only.
/// </summary>
public sealed class FarnebackAnnotator : IAnnotator
{
    /// <inheritdoc />
    public string Name => "farneback";

    /// <inheritdoc />
    public string Modality => FlowModality.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> RequiredBuffers => [];

    /// <summary>Image scale between pyramid levels (OpenCV's pyr_scale).</summary>
    public double PyramidScale { get; init; } = 0.5;

    /// <summary>Pyramid levels including the full image.</summary>
    public int Levels { get; init; } = 3;

    /// <summary>Averaging window in pixels; larger is smoother and more robust to noise.</summary>
    public int WindowSize { get; init; } = 15;

    /// <summary>Iterations per pyramid level.</summary>
    public int Iterations { get; init; } = 3;

    /// <summary>Neighbourhood size for the polynomial expansion (5 or 7).</summary>
    public int PolyN { get; init; } = 5;

    /// <summary>Gaussian sigma of the polynomial expansion (1.1 for PolyN 5, 1.5 for 7).</summary>
    public double PolySigma { get; init; } = 1.1;

    /// <inheritdoc />
    /// <remarks>Output: float16 flow in pixels <c>[T, H, W, 2]</c> (dx, dy), on the input's device.</remarks>
    /// <exception cref="DllNotFoundException">OpenCV's native library cannot be loaded; the message names the package to install.</exception>
    public torch.Tensor Annotate(AnnotationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rgb = input.Rgb;
        if (rgb.dtype != torch.uint8 || rgb.ndim != 4 || rgb.shape[3] != 3)
            throw new ArgumentException($"Expected RGB frames [T, H, W, 3] uint8, got {rgb.dtype} {StoredTensor.Text(rgb.shape)}.", nameof(input));
        int t = (int)rgb.shape[0], h = (int)rgb.shape[1], w = (int)rgb.shape[2];

        byte[] grey;
        using (var scope = torch.NewDisposeScope())
        {
            // ITU-R BT.601 luma, the weights of OpenCV's own RGB2GRAY.
            var weights = torch.tensor(new[] { 0.299f, 0.587f, 0.114f }, device: rgb.device); // [3]
            grey = rgb.to(torch.float32).matmul(weights).round().clamp(0, 255).to(torch.uint8) // [T, H, W]
                .cpu().contiguous().data<byte>().ToArray();
        }

        var flow = new float[t * h * w * 2];
        if (t > 1)
        {
            float[] pairs;
            try
            {
                pairs = FarnebackFlow.Compute(grey, t, h, w, this);
            }
            catch (Exception e) when (OpenCvNativeError.IsNativeLoadFailure(e))
            {
                throw new DllNotFoundException(OpenCvNativeError.Describe(e), e);
            }
            pairs.CopyTo(flow, 0);
            Array.Copy(pairs, (t - 2) * h * w * 2, flow, (t - 1) * h * w * 2, h * w * 2); // last frame: repeat t − 2 → t − 1
        }
        using var cpu = torch.tensor(flow, [t, h, w, 2]); // [T, H, W, 2]
        return cpu.to(torch.float16).to(rgb.device);
    }
}
