/* Large-scale path-loss models. Inputs in SI units (metres, hertz); losses
 * in dB (positive numbers, larger = weaker). Every function returns NAN for
 * an argument that is NaN, non-positive where it must be positive, or
 * outside the geometric domain stated below. */
#ifndef Q6_MODELS_PATHLOSS_H
#define Q6_MODELS_PATHLOSS_H

#define Q6_EARTH_RADIUS_M 6371000.0 /* IUGG mean Earth radius */

/* Log-distance model, paper 004 eq. (26): gain PL0 (d/d0)^-alpha, written
 * as a loss in dB: pl0_db + 10 alpha log10(d/d0). d, d0 > 0, alpha >= 0. */
double q6_pathloss_logdistance_db(double distance_m, double ref_distance_m,
                                  double ref_loss_db, double exponent);

/* Okumura-Hata urban loss with the small/medium-city mobile-height
 * correction a(h) = (1.1 log f - 0.7) h - (1.56 log f - 0.8), f in MHz and d
 * in km inside the formula (Hata 1980; paper 004 eq. 15). Published validity
 * (checked by the model registry, not here): 150-1500 MHz, h_bs 30-200 m,
 * h_ms 1-10 m, d 1-20 km. */
double q6_pathloss_hata_urban_db(double distance_m, double carrier_hz,
                                 double bs_height_m, double ms_height_m);
/* Which of Hata's published validity ranges an input leaves: 0 inside all,
 * else an OR of the flags below (NaN counts as outside). A caller that
 * evaluates outside them must say so (paper 004 uses h_BS = 25 m and
 * distances under 1 km): the engine needs the AP's hata_override property
 * and then logs a warning. Pass distance_m < 0 to skip the distance check
 * (unknown at platform load). */
#define Q6_HATA_OUT_CARRIER 1   /* outside 150-1500 MHz */
#define Q6_HATA_OUT_BS_HEIGHT 2 /* outside 30-200 m */
#define Q6_HATA_OUT_MS_HEIGHT 4 /* outside 1-10 m */
#define Q6_HATA_OUT_DISTANCE 8  /* outside 1-20 km */
int q6_hata_validity(double distance_m, double carrier_hz, double bs_height_m,
                     double ms_height_m);

/* 3GPP TR 38.901 Table 7.4.1-1 UMa, with effective environment height
 * h_E = 1 m. Breakpoint d'BP = 4 h'BS h'UT fc / c (h' = h - 1 m). */
double q6_uma_breakpoint_m(double bs_height_m, double ut_height_m, double carrier_hz);
/* LoS: PL1 for 10 m <= d2D <= d'BP, PL2 beyond (paper 004 eqs. 16-18);
 * d2D must lie in [10 m, 5 km] and both heights must exceed 1 m. */
double q6_pathloss_uma_los_db(double distance_2d_m, double bs_height_m,
                              double ut_height_m, double carrier_hz);
/* NLoS: max(PL_LoS, 13.54 + 39.08 log d3D + 20 log fc - 0.6 (hUT - 1.5))
 * (paper 004 eqs. 19-20). */
double q6_pathloss_uma_nlos_db(double distance_2d_m, double bs_height_m,
                               double ut_height_m, double carrier_hz);
/* The same two with the breakpoint distance given instead of computed:
 * paper 004 (Table III) sets d'BP = 100 m where 38.901's formula gives
 * 4 h'BS h'UT fc / c (e.g. 1.1 km at 25 m, 1.5 m, 3.5 GHz). breakpoint_m > 0. */
double q6_pathloss_uma_los_bp_db(double distance_2d_m, double bs_height_m,
                                 double ut_height_m, double carrier_hz, double breakpoint_m);
double q6_pathloss_uma_nlos_bp_db(double distance_2d_m, double bs_height_m,
                                  double ut_height_m, double carrier_hz, double breakpoint_m);

/* 3GPP TR 36.777 Annex B, UMa-AV (aerial vehicle), heights in metres:
 * LoS loss 28 + 22 log d3D + 20 log fc, for 22.5 m <= h_uav <= 300 m
 * (Table B-2; paper 004 eq. 27). */
double q6_pathloss_uav_los_db(double distance_3d_m, double uav_height_m, double carrier_hz);
/* NLoS loss -17.5 + (46 - 7 log h) log d3D + 20 log(40 pi fc / 3), for
 * 10 m <= h_uav <= 100 m (Table B-2; paper 004 eq. 28). */
double q6_pathloss_uav_nlos_db(double distance_3d_m, double uav_height_m, double carrier_hz);
/* LoS probability, Table B-1 UMa-AV / paper 004 eq. (29): 1 for
 * d2D <= d1, else d1/d2D + (1 - d1/d2D) exp(-d2D/p1). Generic form with
 * d1 > 0, p1 > 0 given. */
double q6_los_probability(double distance_2d_m, double d1_m, double p1_m);
/* The same with d1 = max(460 log10 h - 700, 18) and p1 = 4300 log10 h - 3800
 * for 22.5 m <= h <= 100 m, and 1 above 100 m (Table B-1). */
double q6_los_probability_uav(double distance_2d_m, double uav_height_m);

/* Loss of the mean gain: -10 log10(P 10^(-PL_LoS/10) + (1-P) 10^(-PL_NLoS/10)). */
double q6_pathloss_mixture_db(double los_probability, double los_db, double nlos_db);

/* Satellite / HAP geometry on a spherical Earth (ITU-R S.1257 geometry):
 * slant range from the altitude and the elevation angle at the ground
 * terminal, d = sqrt((R+h)^2 - R^2 cos^2 e) - R sin e, e in [0, pi/2]. */
double q6_slant_range_m(double altitude_m, double elevation_rad);
/* Elevation angle of a platform at altitude_m seen from a ground point
 * ground_distance_m away along the surface (arc length >= 0); may be
 * negative (below the horizon). */
double q6_elevation_rad(double altitude_m, double ground_distance_m);

/* Received power of a free-space link budget (Friis with antenna gains):
 * P_rx = P_tx 10^((G_tx + G_rx - PL)/10). Gains in dBi may be negative. */
double q6_link_rx_power_w(double tx_power_w, double tx_gain_dbi, double rx_gain_dbi,
                          double pathloss_db);

#endif
