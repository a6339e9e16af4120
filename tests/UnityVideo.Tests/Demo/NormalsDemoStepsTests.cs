using UnityVideo.Host.Demo;

namespace UnityVideo.Tests.Demo;

public sealed class NormalsDemoStepsTests
{
    [Theory]
    [InlineData(2, 100)]   // the demo's default batch, as the section was measured
    [InlineData(8, 25)]
    [InlineData(3, 66)]
    [InlineData(1000, 1)]  // never zero steps
    public void Without_a_step_count_each_normals_run_sees_the_same_clips_whatever_the_batch(int clipsPerStep, int steps) =>
        Assert.Equal(steps, NormalsDemo.StepsFor(new DemoRequest { OutputDirectory = "unused" }, clipsPerStep));

    [Fact]
    public void An_asked_step_count_wins_over_the_batch() =>
        Assert.Equal(7, NormalsDemo.StepsFor(new DemoRequest { OutputDirectory = "unused", NormalsSteps = 7 }, 2));
}
