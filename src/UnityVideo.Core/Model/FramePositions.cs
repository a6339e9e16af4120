using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// A fixed sine-cosine code of where each token sits in the frame, as a fraction of the frame's height and width
/// (added to every stream's tokens when <see cref="DiTConfig.FramePositions"/> is on). Rotary embeddings tell
/// attention only how far apart two tokens are; a token of pure noise then has nothing that says whether it is at the
/// top of the frame (the wall) or the bottom (the floor), so a sample's layout cannot start from the data's. Fractions,
/// not token indices, so a model trained at one size places things the same way at another.
/// </summary>
public static class FramePositions
{
    /// <summary>Lowest frequency in radians per frame height or width: half a cycle, so every position has its own code.</summary>
    public const double LowestFrequency = Math.PI / 2;

    /// <summary>
    /// The code for a <paramref name="frames"/> × <paramref name="gridH"/> × <paramref name="gridW"/> token grid
    /// (row-major t, h, w; the same for every frame): <c>[T·Hp·Wp, D]</c> float32, D = <paramref name="width"/> (a
    /// multiple of 4). Its first half codes the row, its second the column: for each of D/4 frequencies from
    /// <see cref="LowestFrequency"/> up, doubling every <paramref name="octaveChannels"/> channels, the sine and cosine
    /// of frequency × the token centre's fraction of the frame.
    /// </summary>
    public static Tensor Code(long frames, long gridH, long gridW, int width, Device device, int octaveChannels = 4)
    {
        if (width % 4 != 0 || width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "The token width must be a positive multiple of 4.");
        using var scope = NewDisposeScope();
        var per = width / 4;
        var freq = (arange(per, float32, device) / octaveChannels).exp2() * LowestFrequency;                  // [D/4]
        Tensor Axis(long n) => ((arange(n, float32, device) + 0.5f) / n).unsqueeze(1) * freq.unsqueeze(0);    // [n, D/4]
        var rows = Axis(gridH);
        var cols = Axis(gridW);
        var rowCode = cat([rows.sin(), rows.cos()], 1).view(1, gridH, 1, width / 2).expand(frames, gridH, gridW, width / 2);
        var colCode = cat([cols.sin(), cols.cos()], 1).view(1, 1, gridW, width / 2).expand(frames, gridH, gridW, width / 2);
        return scope.MoveToOuter(cat([rowCode, colCode], -1).reshape(frames * gridH * gridW, width));       // [n, D]
    }
}
