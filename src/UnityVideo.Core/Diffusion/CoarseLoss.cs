using static TorchSharp.torch;

namespace UnityVideo.Core.Diffusion;

/// <summary>
/// The squared error of a stream's block means: the per-pixel error averaged over k × k pixel blocks of every frame,
/// then squared. A per-pixel mean squared error counts an error that is the same over a whole block (a wrong wall
/// colour, a token drawn at its own noisy colour instead of its region's) exactly as much as the same amount of
/// unrelated pixel detail; in a generated frame the detail is most of the pixels and most of the loss, so the
/// block-level layout gets little of the gradient. Added to the per-pixel loss with a weight λ, the block means weigh
/// (1 + λ) as much and the detail within a block stays as it was (its block mean is zero).
/// </summary>
public static class CoarseLoss
{
    /// <summary>
    /// Mean over <c>[B, C, T, H / k, W / k]</c> of the squared block mean of <paramref name="difference"/>
    /// <c>[B, C, T, H, W]</c> (prediction minus target); throws when <paramref name="block"/> does not divide H and W.
    /// </summary>
    public static Tensor Of(Tensor difference, int block)
    {
        ArgumentNullException.ThrowIfNull(difference);
        ArgumentOutOfRangeException.ThrowIfLessThan(block, 1);
        long b = difference.shape[0], c = difference.shape[1], t = difference.shape[2], h = difference.shape[3], w = difference.shape[4];
        if (h % block != 0 || w % block != 0)
            throw new ArgumentException($"Training:CoarseLossBlock {block} does not divide the frame size {w}×{h}; choose a block that divides both sides.", nameof(block));
        using var scope = NewDisposeScope();
        var means = difference.view(b, c, t, h / block, block, w / block, block).mean([4, 6]); // [B, C, T, H/k, W/k]
        return scope.MoveToOuter(means.square().mean());                                        // []
    }
}
