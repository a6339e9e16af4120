using UnityVideo.Host.Ablation;

namespace UnityVideo.Tests.Host;

public sealed class AblationTableTests
{
    [Theory]
    [InlineData("rgb.loss", false)]
    [InlineData("rgb.loss_given_depth", false)]
    [InlineData("rgb.flicker", true)]
    [InlineData("depth.abs_rel", false)]
    [InlineData("flow.epe", false)]
    [InlineData("quadruped-skeleton.pck@0.05", true)]
    [InlineData("heldout-segmentation.miou", true)]
    public void The_better_direction_of_a_metric_is_read_from_its_name(string metric, bool higherIsBetter) =>
        Assert.Equal(higherIsBetter, AblationTable.HigherIsBetter(metric));

    [Fact]
    public void The_spread_is_the_sample_standard_deviation()
    {
        Assert.Equal(1.0, AblationTable.Std([1, 2, 3]), 12);        // sqrt(((−1)² + 0² + 1²) / 2)
        Assert.Equal(0.0, AblationTable.Std([5]));
    }
}
