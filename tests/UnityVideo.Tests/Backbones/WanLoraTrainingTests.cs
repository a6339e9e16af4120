using UnityVideo.Core.Backbones.Wan;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>
/// End to end on a tiny Wan config: a few AdamW steps on the LoRA parameters lower the loss, leave every base weight
/// bit-identical, and the saved LoRA file and the merged model both reproduce the adapted model's output.
/// </summary>
[Collection(nameof(GlobalTorchSeedCollection))]
public sealed class WanLoraTrainingTests(ITestOutputHelper output)
{
    [Fact]
    public void LoRA_training_lowers_the_loss_keeps_the_base_and_round_trips_through_file_and_merge()
    {
        using var dir = new TempDir();
        var file = dir.File("lora.safetensors");
        using var model = WanLoraTiny.Model(1);
        var baseline = WanLoraTiny.Snapshot(model);
        var (x, t, context) = WanLoraTiny.Inputs(2);
        using var target = randn([2, 3, 2, 4, 4]);
        using var adapter = WanLoraAdapter.Attach(model, new WanLoraConfig(Rank: 4, Alpha: 8));
        using var optimizer = optim.AdamW(adapter.parameters(), lr: 1e-2);

        model.train();
        var losses = new List<float>();
        for (var step = 0; step < 25; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.forward(x, t, context), target);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        model.eval();
        output.WriteLine($"loss {losses[0]:g4} → {losses[^1]:g4} over {losses.Count} steps");

        Assert.True(losses[^1] < 0.8 * losses[0], $"loss {losses[0]:g4} → {losses[^1]:g4} did not fall");
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.True(WanLoraTiny.Same(p, baseline[name]), $"base weight {name} changed");
            Assert.Null(p.grad);
        }

        WanLoraFile.Save(adapter, file);
        using var noGrad = no_grad();
        using var adapted = model.forward(x, t, context);

        using var restored = WanLoraTiny.Model(2); // other random weights, then the base weights copied in
        foreach (var (name, p) in restored.named_parameters()) p.copy_(baseline[name]);
        using var loaded = WanLoraFile.Load(restored, file);
        using var fromFile = restored.forward(x, t, context);
        Assert.True(WanLoraTiny.Same(fromFile, adapted), "the LoRA file must reproduce the adapted model exactly");

        loaded.Merge();
        using var merged = restored.forward(x, t, context);
        var err = WanLoraTiny.MaxAbsDiff(merged, adapted);
        output.WriteLine($"merged vs adapted max abs error {err:g3}");
        Assert.True(err <= 1e-5, $"merged vs adapted: {err:g3} > 1e-5");
        foreach (var v in baseline.Values) v.Dispose();
    }
}
