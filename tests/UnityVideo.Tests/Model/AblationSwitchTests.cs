using UnityVideo.Core.Model;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

/// <summary>The architecture switches the paper's Table 4 ablates: the modality switcher and the in-context learner.</summary>
public sealed class AblationSwitchTests
{
    [Fact]
    public void Without_the_switcher_streams_at_one_timestep_get_the_same_conditioning()
    {
        using var scope = NewDisposeScope();
        var on = TestConfig();
        var off = TestConfig();
        off.ModalitySwitcher = false;
        using var withSwitcher = NewModel(on, Depth, Flow);
        using var without = NewModel(off, Depth, Flow);
        Randomize(withSwitcher, 3);
        Randomize(without, 3);
        var t = full([1, 3], 0.4f);                                    // [B, S]: rgb, depth, flow at one t

        var c = withSwitcher.Conditioning(["rgb", "depth", "flow"], t);  // [1, 3, D]
        var d = without.Conditioning(["rgb", "depth", "flow"], t);

        Assert.True(MaxAbsDiff(c[0, 1], c[0, 2]) > 1e-3, "with the switcher, depth and flow are told apart");
        Assert.Equal(0.0, MaxAbsDiff(d[0, 1], d[0, 2]));
        Assert.Equal(0.0, MaxAbsDiff(d[0, 0], d[0, 1]));
    }

    [Fact]
    public void Without_the_in_context_learner_a_modality_prompt_has_no_effect_but_the_content_prompt_does()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        cfg.InContextLearner = false;
        using var model = NewModel(cfg, Depth);
        Randomize(model, 5);
        DiTStream Rgb(string caption) => new("rgb", Video(2, 3, cfg, 1), full(2, 0.5f), Prompt(cfg, caption, 2));
        DiTStream DepthStream(string prompt) => new("depth", Video(2, 1, cfg, 2), full(2, 0.5f), Prompt(cfg, prompt, 2));

        var a = model.forward([Rgb("a person walks"), DepthStream("depth map")]);
        var b = model.forward([Rgb("a person walks"), DepthStream("optical flow")]);
        var c = model.forward([Rgb("a red box spins"), DepthStream("depth map")]);

        Assert.Equal(0.0, MaxAbsDiff(a[1], b[1]));          // the depth prompt is ignored
        Assert.True(MaxAbsDiff(a[1], c[1]) > 1e-3);        // the depth stream attends to the caption instead
    }

    [Fact]
    public void The_switches_are_stored_with_the_model_configuration()
    {
        var cfg = TestConfig();
        cfg.ModalitySwitcher = false;
        var back = DiTConfig.FromJson(cfg.ToJson());
        Assert.False(back.ModalitySwitcher);
        Assert.True(back.InContextLearner);
        // A configuration written before the switches existed reads as the full model.
        var old = DiTConfig.FromJson("""{"hiddenSize":64}""");
        Assert.True(old.ModalitySwitcher && old.InContextLearner);
    }
}
