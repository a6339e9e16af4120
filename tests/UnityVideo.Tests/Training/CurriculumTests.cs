using UnityVideo.Abstractions;
using UnityVideo.Core.Training;

namespace UnityVideo.Tests.Training;

public sealed class CurriculumTests
{
    private static readonly ModalityDescriptor[] Enabled =
    [
        TrainingTestKit.Depth(),
        new() { Name = "skeleton", Channels = 3, IsPixelAligned = false, Prompts = ["human skeleton"], StorageKey = "joints" },
        TrainingTestKit.Flow(),
    ];

    [Fact]
    public void The_default_curriculum_trains_pixel_aligned_modalities_first_then_all()
    {
        var c = Curriculum.Resolve(TrainerOptions.DefaultStages, 100, Enabled);

        Assert.Equal(2, c.Stages.Count);
        Assert.Equal((0, 40), (c.Stages[0].Start, c.Stages[0].End));     // 40 % of 100
        Assert.Equal(["depth", "flow"], c.Stages[0].Modalities);
        Assert.Equal((40, 100), (c.Stages[1].Start, c.Stages[1].End));
        Assert.Equal(["depth", "skeleton", "flow"], c.Stages[1].Modalities);
        Assert.Equal("pixel-aligned", c.At(39).Name);
        Assert.Equal("all", c.At(40).Name);
    }

    [Fact]
    public void The_printed_curriculum_names_each_stage_s_steps_and_says_when_a_short_run_skips_one()
    {
        Assert.Equal($"pixel-aligned: steps 1-40 (depth, flow){Environment.NewLine}all: steps 41-100 (depth, skeleton, flow)",
            Curriculum.Resolve(TrainerOptions.DefaultStages, 100, Enabled).ToString());
        Assert.Equal($"pixel-aligned: no steps in this run (depth, flow){Environment.NewLine}all: steps 1-1 (depth, skeleton, flow)",
            Curriculum.Resolve(TrainerOptions.DefaultStages, 1, Enabled).ToString()); // was "steps 1-0"
    }

    [Fact]
    public void Stages_given_in_steps_are_laid_end_to_end_and_the_last_runs_to_the_end()
    {
        TrainingStageOptions[] stages =
        [
            new() { Name = "a", Steps = 3, Modalities = ["flow"] },
            new() { Name = "b", Steps = 4, Modalities = ["depth", "flow"] },
            new() { Name = "c", Modalities = ["skeleton"] },
        ];
        var c = Curriculum.Resolve(stages, 10, Enabled);

        Assert.Equal([(0, 3), (3, 7), (7, 10)], c.Stages.Select(s => (s.Start, s.End)));
        Assert.Equal(["skeleton"], c.At(9).Modalities);
    }

    [Fact]
    public void A_stage_naming_a_modality_that_is_not_enabled_is_refused_with_both_names()
    {
        var e = Assert.Throws<TrainingException>(() => Curriculum.Resolve([new TrainingStageOptions { Name = "first", Modalities = ["normals"] }], 10, Enabled));

        Assert.Contains("stage 'first'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'normals'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_that_selects_nothing_is_refused()
    {
        var e = Assert.Throws<TrainingException>(() => Curriculum.Resolve(TrainerOptions.DefaultStages, 10, [Enabled[1]]));

        Assert.Contains("stage 'pixel-aligned'", e.Message, StringComparison.Ordinal);
        Assert.Contains("selects no enabled modality", e.Message, StringComparison.Ordinal);
    }
}
