import { Module } from '@nestjs/common';
import { StrategyMapResolver } from './strategy-map.resolver';
import { StrategyMapService } from './strategy-map.service';

@Module({ providers: [StrategyMapService, StrategyMapResolver] })
export class StrategyModule {}
