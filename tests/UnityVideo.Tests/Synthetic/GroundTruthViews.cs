using UnityVideo.Abstractions;

namespace UnityVideo.Tests.Synthetic;

/// <summary>The synthetic world's named buffers as typed views, so the ground-truth tests read like the layouts they check.</summary>
internal static class GroundTruthViews
{
    extension(SceneGroundTruth gt)
    {
        /// <summary><see cref="GroundTruthBufferNames.Depth"/>, [T, H, W].</summary>
        public float[] Depth => gt.Buffers[GroundTruthBufferNames.Depth].Floats;

        /// <summary><see cref="GroundTruthBufferNames.ForwardFlow"/>, [T, H, W, 2].</summary>
        public float[] Flow => gt.Buffers[GroundTruthBufferNames.ForwardFlow].Floats;

        /// <summary><see cref="GroundTruthBufferNames.InstanceIds"/>, [T, H, W].</summary>
        public byte[] InstanceIds => gt.Buffers[GroundTruthBufferNames.InstanceIds].Bytes;

        /// <summary><see cref="GroundTruthBufferNames.PartIuv"/>, [T, H, W, 3].</summary>
        public byte[] Iuv => gt.Buffers[GroundTruthBufferNames.PartIuv].Bytes;

        /// <summary><see cref="GroundTruthBufferNames.Joints"/>, [T, P, 17, 3].</summary>
        public float[] Joints => gt.Buffers[GroundTruthBufferNames.Joints].Floats;

        /// <summary><see cref="GroundTruthBufferNames.Normals"/>, [T, H, W, 3].</summary>
        public float[] Normals => gt.Buffers[GroundTruthBufferNames.Normals].Floats;
    }
}
