/**
 * iOS launch screens (`apple-touch-startup-image`, portrait, in device pixels): white with the logo tile
 * in the middle, what Safari shows while the installed app starts. `splash-<w>x<h>`.
 */
export const splashScreens = [
  { width: 1290, height: 2796, device: [430, 932, 3] },
  { width: 1179, height: 2556, device: [393, 852, 3] },
  { width: 1284, height: 2778, device: [428, 926, 3] },
  { width: 1170, height: 2532, device: [390, 844, 3] },
  { width: 1125, height: 2436, device: [375, 812, 3] },
  { width: 828, height: 1792, device: [414, 896, 2] },
  { width: 750, height: 1334, device: [375, 667, 2] },
  { width: 1668, height: 2388, device: [834, 1194, 2] },
  { width: 2048, height: 2732, device: [1024, 1366, 2] },
] as const;
