using UnityVideo.Core.Model;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

public sealed class FramePositionsTests
{
    [Fact]
    public void The_code_says_where_a_token_is_in_the_frame_whatever_the_frame_or_grid_size()
    {
        using var scope = NewDisposeScope();
        var code = FramePositions.Code(2, 4, 6, 16, CPU).view(2, 4, 6, 16);                    // [T, Hp, Wp, D]
        Assert.Equal(0.0, MaxAbsDiff(code[0], code[1]));                                       // every frame the same
        Assert.Equal(0.0, MaxAbsDiff(code[.., .., 0, ..8], code[.., .., 5, ..8]));            // the row half depends on the row only
        Assert.Equal(0.0, MaxAbsDiff(code[.., 0, .., 8..], code[.., 3, .., 8..]));            // the column half on the column only
        var flat = code[0].reshape(24, 16);
        var distances = cdist(flat, flat) + eye(24) * 10;
        Assert.True(distances.min().item<float>() > 0.1f, "two tokens of one frame share a code");

        // The row at a quarter of the height has one code, at any grid size: token 0 of 2 rows, token 1 of 6.
        var two = FramePositions.Code(1, 2, 1, 16, CPU);
        var six = FramePositions.Code(1, 6, 1, 16, CPU);
        Assert.True(MaxAbsDiff(two[0, ..8], six[1, ..8]) < 1e-5);
        Assert.Throws<ArgumentOutOfRangeException>(() => FramePositions.Code(1, 2, 2, 18, CPU));
    }

    [Fact]
    public void Frame_positions_change_what_the_model_sees_and_configs_stored_before_them_load_without_them()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig();
        cfg.FramePositions = true;
        using var model = NewModel(cfg, Depth);
        Randomize(model, 3);
        model.eval();
        var x = randn([1, 3, cfg.Frames, cfg.Height, cfg.Width]);
        Tensor Forward() => model.forward([new DiTStream("rgb", x, tensor(new[] { 0.7f }), Prompt(cfg, "a disc", 1))])[0];
        var with = Forward();
        model.Config.FramePositions = false;
        var without = Forward();
        Assert.True(with.isfinite().all().item<bool>());
        Assert.True(MaxAbsDiff(with, without) > 1e-3, "the same weights predict the same with and without frame positions");
        Assert.True(DiTConfig.FromJson(cfg.ToJson()).FramePositions);
        Assert.False(DiTConfig.FromJson("{\"hiddenSize\": 64}").FramePositions);
    }
}
