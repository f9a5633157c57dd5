a0388AAN--
r n  BC-ID--Wildfire Smoke 08-21 0322
BC-ID--Wildfire Smoke
^Smoke from Oregon fires closes Boise schools for a second day<
^Eds: Moved in advance for use in Idaho.<
	BOISE, Idaho (AP) _ Smoke drifting east from wildfires in Oregon kept Boise
schools closed for a second day Tuesday as air quality readings stayed in the
unhealthy range.
	The Idaho Department of Environmental Quality said fine-particle levels were
about four times the federal standard in the Treasure Valley.
	District officials said classes would resume Wednesday if the air cleared.
AP-WF-08-21-13 1412GMT
