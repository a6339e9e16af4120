using TorchSharp;
using UnityVideo.Core.Diffusion;
using Xunit.Abstractions;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Diffusion;

public sealed class LeakTests(ITestOutputHelper output)
{
    [Fact]
    public void A_training_step_and_a_sampling_run_leave_no_live_tensors_behind()
    {
        var cfg = TestConfig();
        using var model = NewModel(cfg, Depth);
        using var opt = optim.AdamW(model.parameters(), 1e-3);
        var fm = new FlowMatching();
        var (rgb, depth) = DiffusionTestKit.Clip(cfg, 2);
        var caption = Prompt(cfg, "a white disc moves right", 2);
        var depthPrompt = Prompt(cfg, "depth map", 2);
        using var gen = new Generator(1, CPU);

        void TrainStep()
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            fm.Loss(model, FlowMatching.TaskStreams(DiffusionTask.JointGeneration, rgb, caption, [("depth", depth, depthPrompt)]), gen).Loss.backward();
            opt.step();
        }

        void SampleRun()
        {
            using var scope = NewDisposeScope();
            var result = FlowSampler.Sample(model, [
                SampleStream.Generate("rgb", rgb.shape, caption),
                SampleStream.Given("depth", depth, depthPrompt),
            ], new SamplerOptions { Sampler = SamplerKind.Heun, Steps = 2, CfgScale = 3 }, gen);
            Assert.Equal(rgb.shape, result[0].shape);
        }

        TrainStep(); // first step creates the optimizer state and gradients, which live on by design
        var stats = DisposeScopeManager.Statistics;
        var live = stats.ThreadTotalLiveCount;
        var createdBefore = stats.CreatedInScopeCount;

        TrainStep();
        var afterTrain = stats.ThreadTotalLiveCount;
        SampleRun();
        var afterSample = stats.ThreadTotalLiveCount;

        output.WriteLine($"live: {live} → {afterTrain} after a training step → {afterSample} after sampling; {stats.CreatedInScopeCount - createdBefore} tensors created in scopes meanwhile");
        Assert.True(stats.CreatedInScopeCount - createdBefore > 100); // the work really ran inside scopes
        Assert.Equal(live, afterTrain);
        Assert.Equal(live, afterSample);
    }
}
