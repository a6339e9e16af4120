using System.Numerics;

namespace UnityVideo.Synthetic.Scene;

/// <summary>A camera path: start position, look-at target and one parameterised move.</summary>
/// <param name="Start">Position at time 0.</param>
/// <param name="Target">Point looked at, at time 0.</param>
/// <param name="Motion">Kind of move.</param>
/// <param name="Rate">rad/s for pan and orbit, m/s for dolly (positive = in).</param>
internal sealed record CameraRig(Vector3 Start, Vector3 Target, CameraMotion Motion, float Rate)
{
    /// <summary>The pose at <paramref name="time"/> seconds.</summary>
    public CameraPose Pose(float time)
    {
        switch (Motion)
        {
            case CameraMotion.Pan:
                var look = Vector3.Transform(Target - Start, Quaternion.CreateFromAxisAngle(Vector3.UnitY, Rate * time));
                return CameraPose.LookAt(Start, Start + look);
            case CameraMotion.Dolly:
                var step = Vector3.Normalize(Target - Start) * (Rate * time);
                return CameraPose.LookAt(Start + step, Target + step);
            case CameraMotion.Orbit:
                var offset = Vector3.Transform(Start - Target, Quaternion.CreateFromAxisAngle(Vector3.UnitY, Rate * time));
                return CameraPose.LookAt(Target + offset, Target);
            default:
                return CameraPose.LookAt(Start, Target);
        }
    }
}
