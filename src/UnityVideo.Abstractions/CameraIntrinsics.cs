namespace UnityVideo.Abstractions;

/// <summary>Pinhole camera intrinsics in pixels.</summary>
/// <param name="Fx">Focal length along x.</param>
/// <param name="Fy">Focal length along y.</param>
/// <param name="Cx">Principal point x.</param>
/// <param name="Cy">Principal point y.</param>
public readonly record struct CameraIntrinsics(double Fx, double Fy, double Cx, double Cy);
