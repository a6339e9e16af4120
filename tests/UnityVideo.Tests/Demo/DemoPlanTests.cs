using UnityVideo.Core.Training;
using UnityVideo.Host.Demo;

namespace UnityVideo.Tests.Demo;

public sealed class DemoPlanTests
{
    // Planned from a 0.5-s step: 1,000 steps, 60 s of evaluation and normals after them.
    private static readonly DemoPlan Plan = new(1000, 0.5, 60);

    private static TimeSpan Left(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Steps_at_the_calibrated_pace_that_fit_are_left_alone()
    {
        // 200 done, 800 left at 0.5 s = 400 s, + 60 after + the reserve.
        Assert.Null(Plan.StepsThatFit(new TrainingPace(200, 1000, Left(100), 0.5), Left(400 + 60 + DemoRunner.ReserveSeconds + 1)));
    }

    [Fact]
    public void Steps_running_slower_than_calibrated_shorten_the_run_and_the_time_kept_after_it_grows_alike()
    {
        // 1.5x slower: the 60 s after training become 90 s; 500 s for training at 0.75 s a step = 666 more steps.
        var left = Left(500 + 90 + DemoRunner.ReserveSeconds);
        Assert.Equal(200 + 666, Plan.StepsThatFit(new TrainingPace(200, 1000, Left(100), 0.75), left));
    }

    [Fact]
    public void A_run_past_its_budget_still_trains_the_fewest_steps_the_demo_runs()
    {
        Assert.Equal(DemoRunner.MinimumSteps, Plan.StepsThatFit(new TrainingPace(20, 1000, Left(100), 2.0), Left(10)));
        Assert.Equal(300, Plan.StepsThatFit(new TrainingPace(300, 1000, Left(100), 2.0), Left(10)));
    }

    [Fact]
    public void Steps_running_faster_than_calibrated_lengthen_the_run_and_the_time_kept_after_it_stays()
    {
        // Twice as fast: the 60 s after training stay 60 s (never scaled down); 600 s for training at 0.25 s = 2,400 more.
        Assert.Equal(200 + 2400, Plan.StepsThatFit(new TrainingPace(200, 1000, Left(100), 0.25), Left(600 + 60 + DemoRunner.ReserveSeconds)));
    }

    [Fact]
    public void A_few_more_steps_than_planned_leave_the_plan_alone()
    {
        // At the calibrated pace, 2 % more steps fit than planned: below the growth worth re-planning.
        Assert.Null(Plan.StepsThatFit(new TrainingPace(200, 1000, Left(100), 0.5), Left((820 * 0.5) + 60 + DemoRunner.ReserveSeconds)));
        // 5 % more: lengthened.
        Assert.Equal(1050, Plan.StepsThatFit(new TrainingPace(200, 1000, Left(100), 0.5), Left((850 * 0.5) + 60 + DemoRunner.ReserveSeconds)));
    }

    [Theory]
    [InlineData(2, 10.6)] // the demo's own batch: 51 s of a demo's evaluation (8 clips × 5 modalities × 24 passes) at 0.565 s a step
    [InlineData(8, 25.0)] // 8 clips a step, the library default
    public void Evaluation_is_budgeted_at_no_fewer_seconds_than_it_was_measured_to_take(int clipsPerStep, double measuredPassesPerStep)
    {
        // Fewer passes per step than measured means more seconds per pass: the budget errs long, never short.
        Assert.InRange(DemoRunner.ForwardPassesPerStep(clipsPerStep), 0.8 * measuredPassesPerStep, measuredPassesPerStep);
    }
}
