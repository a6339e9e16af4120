using UnityVideo.Core.Diffusion;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Diffusion;

public sealed class ForegroundBalanceTests
{
    // A skeleton-like code: background (0, 0, −1) everywhere, one small blob of another value.
    private static Tensor SparseClip(int blobPixels)
    {
        var x = zeros([1, 3, 2, 8, 8]);                    // [B, C, T, H, W]
        x[0, 2].fill_(-1);
        for (var i = 0; i < blobPixels; i++) x[0, .., 0, i / 8, i % 8] = tensor(new[] { 0.7f, 0.3f, 0.5f });
        return x;
    }

    [Fact]
    public void A_sparse_target_weighs_its_few_foreground_pixels_as_much_as_its_background()
    {
        using var scope = NewDisposeScope();
        var clip = SparseClip(blobPixels: 4);                                 // 4 of 128 pixels
        var w = ForegroundBalance.Weights(clip, strength: 1);                  // [1, 1, 2, 8, 8]
        var foreground = clip[0, 0].ne(0).unsqueeze(0).unsqueeze(0);          // [1, 1, 2, 8, 8]
        Assert.Equal(0.5, w.masked_select(foreground).sum().item<float>() / 128, 4);
        Assert.Equal(0.5, w.masked_select(foreground.logical_not()).sum().item<float>() / 128, 4);
        Assert.Equal(1.0, w.mean().item<float>(), 4);                          // the loss keeps its scale
    }

    [Fact]
    public void Dense_targets_and_strength_zero_keep_plain_mean_squared_error()
    {
        using var scope = NewDisposeScope();
        var dense = linspace(-1, 1, 3 * 2 * 8 * 8).view(1, 3, 2, 8, 8);      // every pixel its own value: no background
        Assert.Equal(1.0, ForegroundBalance.Weights(dense, 1).min().item<float>(), 6);
        Assert.Equal(1.0, ForegroundBalance.Weights(dense, 1).max().item<float>(), 6);
        var sparse = SparseClip(4);
        Assert.Equal(1.0, ForegroundBalance.Weights(sparse, 0).max().item<float>(), 6);
        var empty = SparseClip(0);                                             // nobody in the clip: nothing to balance
        Assert.Equal(1.0, ForegroundBalance.Weights(empty, 1).max().item<float>(), 6);
        var half = ForegroundBalance.Weights(sparse, 0.5);                     // halfway between plain and balanced
        Assert.Equal(0.5 + 0.5 * 0.5 / (4.0 / 128), half.max().item<float>(), 3);
    }

    [Fact]
    public void The_balanced_loss_penalises_an_all_background_prediction_of_a_sparse_target_more()
    {
        using var scope = NewDisposeScope();
        var clean = SparseClip(4);
        var background = SparseClip(0);                                        // the estimate that gives up on the blob
        var plain = (background - clean).square().mean().item<float>();
        var balanced = ((background - clean).square() * ForegroundBalance.Weights(clean, 1)).mean().item<float>();
        Assert.True(balanced > 10 * plain, $"balanced {balanced} vs plain {plain}");
    }
}
