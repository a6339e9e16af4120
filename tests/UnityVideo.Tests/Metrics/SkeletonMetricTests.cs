using TorchSharp;
using static UnityVideo.Tests.Metrics.MetricKit;

namespace UnityVideo.Tests.Metrics;

public sealed class SkeletonMetricTests
{
    private const double Tol = 1e-9;

    /// <summary>Joints [T, P, 17, 3], all invisible until <see cref="Set"/> places one.</summary>
    private sealed class Joints(int frames, int persons)
    {
        private readonly float[] data = new float[frames * persons * 17 * 3];

        public Joints Set(int t, int p, int j, float x, float y, float visible = 1)
        {
            var at = (((t * persons) + p) * 17 + j) * 3;
            (data[at], data[at + 1], data[at + 2]) = (x, y, visible);
            return this;
        }

        public torch.Tensor Tensor() => F32(data, frames, persons, 17, 3);
    }

    // GT person 0 in frame 0: joints at (0, 0), (10, 0), (10, 20) → box 10 × 20 → thresholds 0.05·20 = 1 and 0.1·20 = 2.
    private static Joints Gt(int persons = 1) => new Joints(1, persons).Set(0, 0, 0, 0, 0).Set(0, 0, 1, 10, 0).Set(0, 0, 2, 10, 20);

    [Fact]
    public void A_joint_is_correct_within_alpha_times_the_larger_side_of_the_visible_joints_box()
    {
        var pred = new Joints(1, 1)
            .Set(0, 0, 0, 0.5f, 0)   // 0.5 px off: correct at both
            .Set(0, 0, 1, 10, 1.5f)  // 1.5 px off: correct only at α = 0.1
            .Set(0, 0, 2, 10, 20, visible: 0) // right place, but predicted invisible: incorrect
            .Set(0, 0, 5, 3, 3);     // a joint invisible in GT is not counted

        var s = Score("skeleton", pred.Tensor(), Gt().Tensor());

        Assert.Equal(1.0 / 3, s["pck@0.05"], Tol);
        Assert.Equal(2.0 / 3, s["pck@0.1"], Tol);
    }

    [Fact]
    public void A_ground_truth_person_missing_from_the_prediction_counts_all_its_visible_joints_wrong()
    {
        var gt = Gt(persons: 2).Set(0, 1, 0, 50, 50).Set(0, 1, 1, 60, 50);
        var pred = new Joints(1, 1).Set(0, 0, 0, 0, 0).Set(0, 0, 1, 10, 0).Set(0, 0, 2, 10, 20);

        var s = Score("skeleton", pred.Tensor(), gt.Tensor());

        Assert.Equal(3.0 / 5, s["pck@0.05"], Tol);
        Assert.Equal(3.0 / 5, s["pck@0.1"], Tol);
    }

    [Fact]
    public void Extra_predicted_persons_are_ignored()
    {
        var pred = new Joints(1, 3).Set(0, 0, 0, 0, 0).Set(0, 0, 1, 10, 0).Set(0, 0, 2, 10, 20).Set(0, 2, 0, 99, 99);

        var s = Score("skeleton", pred.Tensor(), Gt().Tensor());

        Assert.Equal(1, s["pck@0.05"]);
    }

    [Fact]
    public void The_box_is_per_frame_and_a_single_visible_joint_has_a_zero_box()
    {
        // Frame 0 as above; frame 1 shows one joint only (0 × 0 box): even an exact prediction fails it.
        var gt = new Joints(2, 1).Set(0, 0, 0, 0, 0).Set(0, 0, 1, 10, 0).Set(0, 0, 2, 10, 20).Set(1, 0, 4, 5, 5);
        var pred = new Joints(2, 1).Set(0, 0, 0, 0, 0).Set(0, 0, 1, 10, 0).Set(0, 0, 2, 10, 20).Set(1, 0, 4, 5, 5);

        var s = Score("skeleton", pred.Tensor(), gt.Tensor());

        Assert.Equal(3.0 / 4, s["pck@0.05"], Tol);
    }

    [Fact]
    public void A_non_finite_predicted_joint_is_incorrect_and_nothing_leaks()
    {
        var pred = new Joints(1, 1).Set(0, 0, 0, float.NaN, 0).Set(0, 0, 1, 10, 0).Set(0, 0, 2, float.PositiveInfinity, 20);

        var s = Score("skeleton", pred.Tensor(), Gt().Tensor());

        AssertFinite(s);
        Assert.Equal(1.0 / 3, s["pck@0.1"], Tol);
    }

    [Fact]
    public void No_visible_ground_truth_joint_has_nothing_to_score()
    {
        var s = Score("skeleton", new Joints(2, 1).Set(0, 0, 0, 1, 1).Tensor(), new Joints(2, 1).Tensor());

        Assert.Equal(1, s["pck@0.05"]);
        Assert.Equal(1, s["pck@0.1"]);

        var noPersons = Score("skeleton", torch.zeros([2, 0, 17, 3]), torch.zeros([2, 0, 17, 3]));
        Assert.Equal(1, noPersons["pck@0.1"]);
    }

    [Fact]
    public void Bad_inputs_are_refused_with_the_modality_and_both_shapes_named()
    {
        var frames = Assert.Throws<ArgumentException>(() => Score("skeleton", torch.zeros([2, 1, 17, 3]), torch.zeros([3, 1, 17, 3])));
        var layout = Assert.Throws<ArgumentException>(() => Score("skeleton", torch.zeros([2, 1, 16, 3]), torch.zeros([2, 1, 17, 3])));
        var dtype = Assert.Throws<ArgumentException>(() => Score("skeleton", torch.zeros([2, 1, 17, 3], torch.int64), torch.zeros([2, 1, 17, 3])));

        Assert.Contains("skeleton metric", frames.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 1, 17, 3]", frames.Message, StringComparison.Ordinal);
        Assert.Contains("[3, 1, 17, 3]", frames.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 1, 16, 3]", layout.Message, StringComparison.Ordinal);
        Assert.Contains("Int64", dtype.Message, StringComparison.Ordinal);
    }
}
