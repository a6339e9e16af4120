using System.Text.Json;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using static UnityVideo.Tests.Training.TrainingTestKit;

namespace UnityVideo.Tests.Training;

[Collection(nameof(GlobalTorchSeedCollection))]
public sealed class TrainerTests(TrainingDataFixture fixture) : IClassFixture<TrainingDataFixture>
{
    private readonly string data = fixture.Data;

    [Fact]
    public void Twenty_steps_straight_equal_ten_steps_stopped_and_resumed_for_ten_more_bit_for_bit()
    {
        using var dir = new TempDir();
        var straight = Trainer(Options(20)).Run(Request(data, dir.File("straight")));

        // Second run: cancelled once step 10 is reported, then resumed in a new trainer up to 20.
        using var cts = new CancellationTokenSource();
        var stopped = Trainer(Options(20)).Run(Request(data, dir.File("split")), new SyncProgress(p => { if (p.Note is null && p.Step == 10) cts.Cancel(); }), cts.Token);
        Assert.True(stopped.Cancelled);
        Assert.Equal(10, stopped.Step);
        Assert.EndsWith("step-000010.safetensors", stopped.Checkpoint, StringComparison.Ordinal);
        var resumed = Trainer(Options(20)).Run(Request(data, dir.File("split"), resume: true));

        Assert.Equal(10, resumed.ResumedFrom);
        Assert.True(resumed.Completed);
        using var a = SafetensorsReader.Open(straight.Checkpoint!);
        using var b = SafetensorsReader.Open(resumed.Checkpoint!);
        Assert.Equal(a.Tensors.Keys, b.Tensors.Keys);                                   // model, ema., optim.
        Assert.Contains(a.Tensors.Keys, k => k.StartsWith("ema.", StringComparison.Ordinal));
        Assert.Contains(a.Tensors.Keys, k => k.StartsWith("optim.exp_avg_sq.", StringComparison.Ordinal));
        foreach (var name in a.Tensors.Keys) Assert.True(a.ReadBytes(name).AsSpan().SequenceEqual(b.ReadBytes(name)), $"tensor {name} differs");
        Assert.Equal(File.ReadAllBytes(straight.ModelPath!), File.ReadAllBytes(resumed.ModelPath!));

        // The logs tell the same story step by step (wall time aside).
        static string Line(TrainingMetric m) => $"{m.Step} {m.Stage} {m.Task} {m.Modality} {m.Loss:R} {m.LearningRate:R} {m.GradNorm:R}";
        Assert.Equal(ReadMetrics(straight.MetricsPath).Select(Line), ReadMetrics(resumed.MetricsPath).Select(Line));
    }

    [Fact]
    public void A_run_writes_its_config_metrics_plot_final_model_and_keeps_the_last_k_checkpoints()
    {
        using var dir = new TempDir();
        var run = dir.File("run");
        var options = Options(7, checkpointEvery: 2);
        options.KeepCheckpoints = 2;

        var r = Trainer(options).Run(Request(data, run));

        Assert.Equal(["step-000007.safetensors", "step-000006.safetensors"],
            new CheckpointStore(Path.Combine(run, "checkpoints")).List().Select(c => Path.GetFileName(c.Path)));
        var metrics = ReadMetrics(r.MetricsPath);
        Assert.Equal(Enumerable.Range(1, 7), metrics.Select(m => m.Step));
        Assert.All(metrics, m => Assert.Contains(m.Task, TaskNames.All));
        Assert.All(metrics, m => Assert.True(m.Loss > 0 && m.GradNorm > 0 && m.Seconds > 0 && m.LearningRate > 0));
        Assert.Equal(2e-3 / 3, metrics[0].LearningRate, 12);                              // warm-up step 1 of 3
        using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))))
            Assert.Equal(7, doc.RootElement.GetProperty("schedule").GetProperty("Steps").GetInt32());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(r.PlotPath!)[..4]);

        // The final model file holds the EMA weights and loads into a fresh model without complaint.
        using var model = new UnityDiT(Config(), Registry());
        var report = ModelCheckpoint.Load(r.ModelPath!, model);
        Assert.True(report.IsCompatible);
        using var ckpt = SafetensorsReader.Open(r.Checkpoint!);
        var name = model.named_parameters().First(p => p.name.StartsWith("blocks", StringComparison.Ordinal)).name;
        Assert.Equal(ckpt.ReadBytes("ema." + name), SafetensorsReaderBytes(r.ModelPath!, name));
        Assert.NotEqual(ckpt.ReadBytes("ema." + name), ckpt.ReadBytes(name));
    }

    [Theory]
    [InlineData("optimizer_steps", "{garbage")]
    [InlineData("step", "-3")]
    [InlineData("seed", "one")]
    public void Resume_from_a_checkpoint_with_corrupt_metadata_is_one_error_naming_the_key(string key, string value)
    {
        using var dir = new TempDir();
        var run = dir.File("run");
        var first = Trainer(Options(2)).Run(Request(data, run));
        SafetensorsRewrite.Copy(first.Checkpoint!, first.Checkpoint!, m => m[key] = value);

        var e = Assert.ThrowsAny<Exception>(() => Trainer(Options(4)).Run(Request(data, run, resume: true)));

        Assert.True(e is TrainingException or SafetensorsFormatException, $"{e.GetType().Name}: {e.Message}");
        Assert.Contains($"metadata '{key}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("step-000002.safetensors", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_refuses_a_checkpoint_whose_weights_hold_NaN_naming_the_tensor()
    {
        using var dir = new TempDir();
        var run = dir.File("run");
        var first = Trainer(Options(2)).Run(Request(data, run));
        string? victim = null;
        SafetensorsRewrite.Copy(first.Checkpoint!, first.Checkpoint!, data: (key, bytes) =>
        {
            if (victim is not null || !key.StartsWith("blocks.", StringComparison.Ordinal)) return bytes;
            victim = key;
            var copy = bytes.ToArray();
            BitConverter.GetBytes(float.NaN).CopyTo(copy, 0);
            return copy;
        });

        var e = Assert.Throws<SafetensorsFormatException>(() => Trainer(Options(4)).Run(Request(data, run, resume: true)));

        Assert.Contains($"tensor '{victim}' holds NaN or infinite values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_refuses_a_checkpoint_of_another_configuration_unless_forced_and_extends_a_finished_run()
    {
        using var dir = new TempDir();
        var run = dir.File("run");
        Trainer(Options(4)).Run(Request(data, run));

        var changed = Options(6);
        changed.LearningRate = 5e-3;
        var e = Assert.Throws<TrainingException>(() => Trainer(changed).Run(Request(data, run, resume: true)));
        Assert.Contains("step-000004.safetensors", e.Message, StringComparison.Ordinal);
        Assert.Contains("different configuration", e.Message, StringComparison.Ordinal);
        Assert.Contains("training.LearningRate", e.Message, StringComparison.Ordinal);

        var forced = Trainer(changed).Run(Request(data, run, resume: true, force: true));
        Assert.Equal((4, 6), (forced.ResumedFrom!.Value, forced.Step));

        // The step count is not part of the configuration hash: a finished run may be extended.
        var extended = Trainer(Options(8)).Run(Request(data, dir.File("other")));
        var longer = Trainer(Options(10)).Run(Request(data, dir.File("other"), resume: true));
        Assert.Equal((8, 10), (longer.ResumedFrom!.Value, longer.Step));
        Assert.Equal(Enumerable.Range(1, 10), ReadMetrics(longer.MetricsPath).Select(m => m.Step));
        Assert.True(extended.Completed);
    }

    [Fact]
    public void A_run_folder_that_holds_a_run_is_not_overwritten_unless_forced()
    {
        using var dir = new TempDir();
        var run = dir.File("run");
        Trainer(Options(2)).Run(Request(data, run));

        var e = Assert.Throws<TrainingException>(() => Trainer(Options(3)).Run(Request(data, run)));
        Assert.Contains("already holds a training run (newest checkpoint: step 2)", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run, "checkpoints", "step-000002.safetensors")));

        var fresh = Trainer(Options(3)).Run(Request(data, run, force: true));
        Assert.Null(fresh.ResumedFrom);
        Assert.Equal(3, ReadMetrics(fresh.MetricsPath).Count);
        Assert.False(File.Exists(Path.Combine(run, "checkpoints", "step-000002.safetensors")));
    }

    [Fact]
    public void A_NaN_loss_stops_the_run_with_the_step_and_keeps_the_last_good_checkpoint()
    {
        using var dir = new TempDir();
        var run = dir.File("run");
        var options = Options(10, checkpointEvery: 2);
        options.Stages = [new() { Name = "healthy", Steps = 3, Modalities = ["depth"] }, new() { Name = "poisoned", Modalities = ["flow"] }];

        var e = Assert.Throws<TrainingException>(() => Trainer(options, Registry(Depth(), Flow(new NaNCodec()))).Run(Request(data, run)));

        Assert.Contains("diverged at step 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("flow): the loss is NaN", e.Message, StringComparison.Ordinal);
        Assert.Contains("step-000002.safetensors", e.Message, StringComparison.Ordinal);
        var kept = new CheckpointStore(Path.Combine(run, "checkpoints")).List();
        Assert.Equal([2], kept.Select(c => c.Step));
        Assert.Equal(2, TrainingCheckpoint.ReadState(kept[0].Path).Step);
        using var reader = SafetensorsReader.Open(kept[0].Path);
        Assert.All(reader.Tensors.Keys, k => Assert.True(reader.ReadTensor(k).isfinite().all().item<bool>(), k));
    }

    [Fact]
    public void A_modality_without_codec_is_named()
    {
        using var dir = new TempDir();
        var noCodec = Flow() with { Codec = null };

        var e = Assert.Throws<TrainingException>(() => Trainer(Options(2), Registry(Depth(), noCodec)).Run(Request(data, dir.File("run"))));

        Assert.StartsWith("Modality 'flow' has no codec", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.File("run"), "metrics.jsonl")));
    }

    [Fact]
    public void A_dataset_of_another_clip_size_is_refused_naming_the_dataset_and_both_sizes()
    {
        using var dir = new TempDir();
        var config = Config();
        config.Height = config.Width = 32;

        var e = Assert.Throws<TrainingException>(() => Trainer(Options(2), config: config).Run(Request(data, dir.File("run"))));

        Assert.Contains($"Dataset '{data}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("clips of 4 frames of 16x16", e.Message, StringComparison.Ordinal);
        Assert.Contains("the model trains on 4 frames of 32x32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_clip_file_is_reported_by_name()
    {
        using var dir = new TempDir();
        var copy = dir.File("data");
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(data)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        var victim = Path.Combine(copy, ClipDataset.Open(copy).Entries[0].File);
        File.WriteAllBytes(victim, File.ReadAllBytes(victim)[..100]);                  // truncated

        var options = Options(30);
        var e = Assert.Throws<TrainingException>(() => Trainer(options).Run(Request(copy, dir.File("run"))));

        Assert.Contains("a training clip cannot be read", e.Message, StringComparison.Ordinal);
        Assert.Contains(victim, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_modality_no_clip_carries_is_left_out_with_a_note_instead_of_crashing()
    {
        using var dir = new TempDir();
        var normals = new UnityVideo.Abstractions.ModalityDescriptor
        {
            Name = "normals", Channels = 2, IsPixelAligned = true, Prompts = ["normal map"], StorageKey = "normals", Codec = new FlowCodec(),
        };
        var notes = new List<string>();

        var r = Trainer(Options(4), Registry(Depth(), normals)).Run(Request(data, dir.File("run")), new SyncProgress(p => { if (p.Note is not null) notes.Add(p.Note); }));

        Assert.True(r.Completed);
        Assert.Contains(notes, n => n.Contains("no clip carries normals", StringComparison.Ordinal));
        Assert.All(ReadMetrics(r.MetricsPath), m => Assert.Equal("depth", m.Modality));
    }

    [Theory]
    [InlineData(1, 0, 6)]      // 3 steps × 2 clips = 6 clips: the whole first pass over the 6 depth clips
    [InlineData(2, 1, 6)]      // two micro-batches per step: 12 clips, the whole second pass
    public void Gradient_accumulation_draws_one_micro_batch_per_accumulated_pass(int accumulation, int epoch, int index)
    {
        using var dir = new TempDir();
        var options = Options(3);
        options.GradientAccumulation = accumulation;
        options.Stages = [new() { Name = "depth", Modalities = ["depth"] }];

        var r = Trainer(options).Run(Request(data, dir.File("run")));

        Assert.Equal((epoch, index), TrainingCheckpoint.ReadState(r.Checkpoint!).DataPosition["depth"]);
    }

    [Fact]
    public void Several_modalities_per_step_ride_in_one_sample()
    {
        using var dir = new TempDir();
        var options = Options(3);
        options.ModalitiesPerStep = 2;

        var r = Trainer(options).Run(Request(data, dir.File("run")));

        Assert.All(ReadMetrics(r.MetricsPath), m => Assert.Equal("depth+flow", m.Modality));
    }

    internal static List<TrainingMetric> ReadMetrics(string path) =>
        File.ReadLines(path).Select(l => JsonSerializer.Deserialize<TrainingMetric>(l)!).ToList();

    private static byte[] SafetensorsReaderBytes(string path, string name)
    {
        using var r = SafetensorsReader.Open(path);
        return r.ReadBytes(name);
    }
}
