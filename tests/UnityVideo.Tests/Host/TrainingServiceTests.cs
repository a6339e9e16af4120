using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Core.Training;
using UnityVideo.Host;
using UnityVideo.Host.Training;
using UnityVideo.Tests.Training;

namespace UnityVideo.Tests.Host;

public sealed class TrainingServiceTests(TrainingDataFixture fixture) : IClassFixture<TrainingDataFixture>
{
    [Fact]
    public void A_hosting_app_trains_through_DI_with_progress_and_cancellation_that_saves_a_checkpoint()
    {
        using var dir = new TempDir();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MyApp:Name"] = "host",
            ["Modalities:Enabled:0"] = "depth",
            ["Model:Preset"] = "test",
            ["Model:Presets:test:HiddenSize"] = "32", ["Model:Presets:test:Depth"] = "1", ["Model:Presets:test:Heads"] = "2",
            ["Model:Presets:test:PatchSize"] = "4", ["Model:Presets:test:Frames"] = "4", ["Model:Presets:test:Height"] = "16",
            ["Model:Presets:test:Width"] = "16", ["Model:Presets:test:TextDim"] = "16", ["Model:Presets:test:TextLayers"] = "1",
            ["Model:Presets:test:TextHeads"] = "2", ["Model:Presets:test:MaxPromptTokens"] = "8", ["Model:Presets:test:TextBuckets"] = "128",
            ["Training:Steps"] = "6", ["Training:BatchSize"] = "2", ["Training:Stages:0:Name"] = "only", ["Training:Stages:0:Modalities:0"] = "depth",
            ["Data:Directory"] = fixture.Data,
        }).Build();
        using var provider = new ServiceCollection().AddUnityVideo(configuration).BuildServiceProvider();
        var service = provider.GetRequiredService<TrainingService>();
        var steps = new List<int>();
        using var cts = new CancellationTokenSource();
        var progress = new TrainingTestKit.SyncProgress(p =>
        {
            if (p.Note is not null) return;
            steps.Add(p.Step);
            if (p.Step == 2) cts.Cancel();
        });

        var stopped = service.Train(new TrainingRequest { RunDirectory = dir.File("run") }, progress, cts.Token);

        Assert.True(stopped.Cancelled);
        Assert.Equal([1, 2], steps);
        Assert.EndsWith("step-000002.safetensors", stopped.Checkpoint, StringComparison.Ordinal);
        Assert.Contains("\"enabled\": [\n      \"depth\"", File.ReadAllText(dir.File("run/config.json")).Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var finished = service.Train(new TrainingRequest { RunDirectory = dir.File("run"), Resume = true });
        Assert.True(finished.Completed);
        Assert.Equal(2, finished.ResumedFrom);
        Assert.True(File.Exists(finished.ModelPath));
    }
}
