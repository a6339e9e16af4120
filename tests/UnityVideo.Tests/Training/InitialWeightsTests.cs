using UnityVideo.Core.IO;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using static TorchSharp.torch;
using static UnityVideo.Tests.Training.TrainingTestKit;

namespace UnityVideo.Tests.Training;

public sealed class InitialWeightsTests(TrainingDataFixture fixture) : IClassFixture<TrainingDataFixture>
{
    private readonly string data = fixture.Data;

    private static Dictionary<string, Tensor> Weights(string path)
    {
        using var reader = SafetensorsReader.Open(path);
        return reader.Tensors.Keys.ToDictionary(k => k, reader.ReadTensor);
    }

    private static TrainerOptions InitOptions(int steps, string from, params string[] freeze)
    {
        var o = Options(steps);
        o.InitFrom = from;
        o.Freeze = [.. freeze];
        return o;
    }

    [Fact]
    public void A_run_started_from_a_depth_model_keeps_its_weights_adds_flow_fresh_and_trains_only_what_is_not_frozen()
    {
        using var dir = new TempDir();
        var depthOnly = Trainer(Options(4), Registry(Depth())).Run(Request(data, dir.File("depth")));
        var notes = new List<string>();
        var tuned = Trainer(InitOptions(3, dir.File("depth"), Freezing.Loaded)).Run(Request(data, dir.File("tuned")),
            new SyncProgress(p => { if (p.Note is not null) notes.Add(p.Note); }));

        var before = Weights(depthOnly.ModelPath!);
        var after = Weights(tuned.ModelPath!);
        Assert.Contains(notes, n => n.Contains("new modalities (fresh weights): flow", StringComparison.Ordinal));
        // The pretrained trunk and depth stream stayed as they were (frozen); the switcher and the new flow stream learned.
        foreach (var name in new[] { "blocks.0.attn.qkv.weight", "patch_embeds.depth.weight", "heads.depth.weight" })
            Assert.True(before[name].allclose(after[name], 0, 0), $"{name} changed although frozen");
        Assert.False(before["switcher.depth"].allclose(after["switcher.depth"], 0, 0), "the switcher did not train");
        Assert.Contains("heads.flow.weight", after.Keys);
        Assert.DoesNotContain("heads.flow.weight", before.Keys);
    }

    [Fact]
    public void Without_freezing_every_loaded_weight_trains_and_a_modality_the_run_drops_is_named()
    {
        using var dir = new TempDir();
        Trainer(Options(3)).Run(Request(data, dir.File("both")));                     // depth + flow
        var notes = new List<string>();
        var tuned = Trainer(InitOptions(2, dir.File("both")), Registry(Depth())).Run(Request(data, dir.File("depth")),
            new SyncProgress(p => { if (p.Note is not null) notes.Add(p.Note); }));
        Assert.Contains(notes, n => n.Contains("dropped (not enabled in this run): flow", StringComparison.Ordinal));
        var before = Weights(Path.Combine(dir.File("both"), "model.safetensors"));
        var after = Weights(tuned.ModelPath!);
        Assert.False(before["blocks.0.attn.qkv.weight"].allclose(after["blocks.0.attn.qkv.weight"], 0, 0));
        Assert.DoesNotContain("heads.flow.weight", after.Keys);
    }

    [Fact]
    public void Bad_initial_weights_each_give_one_clear_error_and_leave_no_run_behind()
    {
        using var dir = new TempDir();
        Trainer(Options(2)).Run(Request(data, dir.File("small")));
        var notCheckpoint = dir.File("notes.safetensors");
        File.WriteAllText(notCheckpoint, "these are notes, not weights");
        var bigger = Config();
        bigger.HiddenSize = 48;
        var pairs = Config();
        pairs.TemporalPatch = 2;
        var placed = Config();
        placed.FramePositions = true;

        var cases = new (TrainerOptions Options, DiTConfig? Config, string Expected)[]
        {
            (InitOptions(2, dir.File("missing.safetensors")), null, "no such file or folder"),
            (InitOptions(2, notCheckpoint), null, "notes.safetensors"),
            (InitOptions(2, dir.File("small")), bigger, "'patch_embeds.rgb.bias' is [32] in the checkpoint but [48] in this model"),
            (InitOptions(2, dir.File("small")), pairs, "Set Model:TemporalPatch=1 to start from them"),
            (InitOptions(2, dir.File("small")), placed, "Set Model:FramePositions=false to start from them"),
            (InitOptions(2, dir.File("small"), "decoder."), null, "Training:Freeze entry 'decoder.' selects no parameter"),
        };
        var i = 0;
        foreach (var (options, config, expected) in cases)
        {
            var run = dir.File($"run{i++}");
            var e = Assert.ThrowsAny<Exception>(() => Trainer(options, config: config).Run(Request(data, run)));
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(run, "metrics.jsonl")), $"{expected}: a run was started");
        }
        var noInit = Options(2);
        noInit.Freeze = [Freezing.Loaded];
        Assert.Contains(noInit.Validate(), m => m.Contains("InitFrom", StringComparison.Ordinal));
    }
}
