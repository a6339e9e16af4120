using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Training;

namespace UnityVideo.Tests.Training;

public sealed class TaskRouterTests
{
    [Fact]
    public void The_task_mix_over_1000_routed_steps_matches_the_configured_probabilities()
    {
        const int n = 1000;
        var probabilities = new TaskProbabilities(0.2, 0.3, 0.5);
        var router = new TaskRouter(probabilities);
        var counts = new Dictionary<DiffusionTask, int>();
        for (var step = 0; step < n; step++)
        {
            // Exactly the draw the trainer makes for step `step` of a run with seed 0.
            var task = router.Route(StepRandom.Random(0, StepRandom.StepPurpose, step), ["depth", "flow"]).Task;
            counts[task] = counts.GetValueOrDefault(task) + 1;
        }

        foreach (var (task, p) in new[] { (DiffusionTask.ConditionalGeneration, 0.2), (DiffusionTask.Estimation, 0.3), (DiffusionTask.JointGeneration, 0.5) })
        {
            var sd = Math.Sqrt(n * p * (1 - p));                    // binomial standard deviation
            Assert.InRange(counts.GetValueOrDefault(task), n * p - 4 * sd, n * p + 4 * sd);
        }
    }

    [Fact]
    public void Modalities_are_drawn_by_weight_and_a_zero_weight_modality_never()
    {
        const int n = 1000;
        var router = new TaskRouter(new TaskProbabilities(), new Dictionary<string, double> { ["depth"] = 3, ["skeleton"] = 0 });
        var depth = 0;
        for (var step = 0; step < n; step++)
        {
            var m = router.Route(StepRandom.Random(7, StepRandom.StepPurpose, step), ["depth", "flow", "skeleton"]).Modalities;
            Assert.Single(m);
            Assert.NotEqual("skeleton", m[0]);
            if (m[0] == "depth") depth++;
        }
        var sd = Math.Sqrt(n * 0.75 * 0.25);                          // depth: 3 / (3 + 1)
        Assert.InRange(depth, n * 0.75 - 4 * sd, n * 0.75 + 4 * sd);
    }

    [Fact]
    public void Several_modalities_per_step_are_distinct_and_capped_by_what_the_stage_allows()
    {
        var router = new TaskRouter(new TaskProbabilities(), null, modalitiesPerStep: 2);
        for (var step = 0; step < 50; step++)
        {
            var random = StepRandom.Random(1, StepRandom.StepPurpose, step);
            var pair = router.Route(random, ["depth", "flow", "densepose"]).Modalities;
            Assert.Equal(2, pair.Distinct().Count());
            Assert.Equal(["depth"], router.Route(random, ["depth"]).Modalities);
        }
    }

    [Fact]
    public void Step_draws_depend_only_on_seed_and_step()
    {
        var a = StepRandom.Random(3, StepRandom.StepPurpose, 41).NextDouble();
        _ = StepRandom.Random(3, StepRandom.StepPurpose, 40).NextDouble();
        var b = StepRandom.Random(3, StepRandom.StepPurpose, 41).NextDouble();

        Assert.Equal(a, b);
        Assert.NotEqual(a, StepRandom.Random(4, StepRandom.StepPurpose, 41).NextDouble());
        Assert.NotEqual(a, StepRandom.Random(3, StepRandom.StepPurpose, 42).NextDouble());
    }
}
